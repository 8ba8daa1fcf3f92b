import { sql, type Kysely, type Selectable } from 'kysely';
import type { DeliveryKind, NotifyTables } from './tables.js';
import type { BurstHistory, PlannedDelivery } from '../delivery/plan-deliveries.js';

export type DeliveryRow = Selectable<NotifyTables['notify.deliveries']>;

/** Writes a notice's deliveries; a row already there (a redelivered notice) is left as it is. */
export async function insertNoticeDeliveries(
  db: Kysely<NotifyTables>,
  planned: readonly PlannedDelivery[],
  streamSeq: number | null,
): Promise<number> {
  if (planned.length === 0) return 0;
  let inserted = 0;
  // Chunks keep a statement under PostgreSQL's 65,535 parameters (11 per row).
  for (let i = 0; i < planned.length; i += 2000) {
    const rows = await db
      .insertInto('notify.deliveries')
      .values(
        planned.slice(i, i + 2000).map((p) => ({
          subscription_id: p.subscriptionId,
          event_key: p.eventKey,
          kind: 'notice' as const,
          burst_id: p.burstId,
          retraction: p.retraction,
          stream_seq: streamSeq,
          content: JSON.stringify(p.content),
          status: 'pending' as const,
          collapsed_into: null,
          due_at: p.dueAt,
        })),
      )
      .onConflict((oc) => oc.columns(['subscription_id', 'event_key']).doNothing())
      .returning('id')
      .execute();
    inserted += rows.length;
  }
  return inserted;
}

/** One delivery that is not a notice: a test, an alarm, a confirmation, a pause notice. */
export async function enqueueDelivery(
  db: Kysely<NotifyTables>,
  d: { subscriptionId: string; eventKey: string; kind: DeliveryKind; content: unknown; dueAt?: Date },
): Promise<DeliveryRow | undefined> {
  return db
    .insertInto('notify.deliveries')
    .values({
      subscription_id: d.subscriptionId,
      event_key: d.eventKey,
      kind: d.kind,
      burst_id: null,
      stream_seq: null,
      content: JSON.stringify(d.content),
      status: 'pending',
      collapsed_into: null,
      due_at: d.dueAt ?? new Date(),
    })
    .onConflict((oc) => oc.columns(['subscription_id', 'event_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Per subscription, what it has had of this burst: a waiting message, the last one sent. */
export async function burstHistory(db: Kysely<NotifyTables>, burstId: string): Promise<Map<string, BurstHistory>> {
  const rows = await db
    .selectFrom('notify.deliveries')
    .select((eb) => [
      'subscription_id',
      // A row a sender holds is being sent: a new notice waits for the collapse time after it.
      sql<Date | null>`max(due_at) filter (where status = 'pending' and (leased_until is null or leased_until <= now()))`.as(
        'pending_due',
      ),
      sql<Date | null>`max(coalesce(delivered_at, due_at)) filter (where status = 'delivered' or (status = 'pending' and leased_until > now()))`.as(
        'last_sent',
      ),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('burst_id', '=', burstId)
    .where('kind', '=', 'notice')
    .groupBy('subscription_id')
    .execute();
  return new Map(
    rows.map((r) => [
      r.subscription_id,
      { pendingDueAt: r.pending_due ?? undefined, lastSentDueAt: r.last_sent ?? undefined },
    ]),
  );
}

/**
 * Takes the due deliveries for `leaseMs` (`leased_until`), so another replica (or this one after
 * a crash) sends them again only when the lease runs out without an outcome.
 */
export async function claimDue(
  db: Kysely<NotifyTables>,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`
    update notify.deliveries set leased_until = ${new Date(now.getTime() + leaseMs)}
    where id in (
      select id from notify.deliveries
      where status = 'pending' and due_at <= ${now} and (leased_until is null or leased_until <= ${now})
      order by due_at, id
      limit ${limit}
      for update skip locked)
    returning *`.execute(db);
  return rows;
}

export async function recordOutcome(
  db: Kysely<NotifyTables>,
  ids: { primary: number; collapsed: number[] },
  outcome:
    | { status: 'delivered'; httpStatus: number | null }
    | { status: 'failed'; httpStatus: number | null; error: string }
    | { status: 'pending'; httpStatus: number | null; error: string; dueAt: Date },
  now: Date,
): Promise<void> {
  const all = [ids.primary, ...ids.collapsed];
  const common = {
    leased_until: null,
    attempts: sql<number>`attempts + 1`,
    first_attempt_at: sql<Date>`coalesce(first_attempt_at, ${now})`,
    last_attempt_at: now,
    last_http_status: outcome.httpStatus,
  };
  if (outcome.status === 'delivered') {
    await db
      .updateTable('notify.deliveries')
      .set({ ...common, status: 'delivered', delivered_at: now, last_error: null })
      .where('id', '=', ids.primary)
      .execute();
    if (ids.collapsed.length)
      await db
        .updateTable('notify.deliveries')
        .set({ ...common, status: 'collapsed', collapsed_into: ids.primary, delivered_at: now, last_error: null })
        .where('id', 'in', ids.collapsed)
        .execute();
    return;
  }
  await db
    .updateTable('notify.deliveries')
    .set({
      ...common,
      status: outcome.status,
      last_error: outcome.error.slice(0, 1000),
      ...(outcome.status === 'pending' ? { due_at: outcome.dueAt } : {}),
    })
    .where('id', 'in', all)
    .execute();
}

export async function listDeliveries(db: Kysely<NotifyTables>, subscriptionId: string, limit: number) {
  const rows = await db
    .selectFrom('notify.deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    eventKey: r.event_key,
    kind: r.kind,
    burstId: r.burst_id,
    retraction: r.retraction,
    status: r.status,
    collapsedInto: r.collapsed_into === null ? null : Number(r.collapsed_into),
    attempts: r.attempts,
    dueAt: r.due_at.toISOString(),
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    lastHttpStatus: r.last_http_status,
    lastError: r.last_error,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}
