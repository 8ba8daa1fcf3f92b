import type { Kysely } from 'kysely';
import type { NotifyTables } from './tables.js';
import { enqueueDelivery } from './delivery.repository.js';
import { listSubscriptions } from './subscription.repository.js';

/** What is wrong, as a watchdog check or a station event reports it. */
export interface AlarmCondition {
  /** What it is about, stable while it lasts: `station:NCL1`, `lag:ALERTS/followup`. */
  key: string;
  kind: AlarmKind;
  summary: string;
  details?: Record<string, unknown>;
}

export type AlarmKind = 'station-silent' | 'dead-letter' | 'consumer-lag' | 'service-not-ready' | 'outbox-stale';

/** What an alarm delivery carries. */
export interface AlarmContent {
  id: number;
  key: string;
  kind: string;
  summary: string;
  state: 'open' | 'closed';
  at: string;
  closeSummary?: string | null;
  details?: unknown;
}

export interface AlarmView {
  id: number;
  key: string;
  kind: string;
  summary: string;
  details: unknown;
  openedAt: string;
  closedAt: string | null;
  closeSummary: string | null;
}

/**
 * Opens an alarm unless one is open for this key (the partial unique index makes that so across
 * replicas), and tells the operators' alarm subscriptions. Returns the new alarm, or undefined.
 */
export async function openAlarm(
  db: Kysely<NotifyTables>,
  condition: AlarmCondition,
  now = new Date(),
): Promise<AlarmView | undefined> {
  const row = await db
    .insertInto('notify.alarms')
    .values({
      key: condition.key,
      kind: condition.kind,
      summary: condition.summary,
      details: JSON.stringify(condition.details ?? {}),
      opened_at: now,
    })
    .onConflict((oc) => oc.column('key').where('closed_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const id = Number(row.id);
  await tellOperators(db, `alarm:${id}:open`, {
    id,
    key: row.key,
    kind: row.kind,
    summary: row.summary,
    state: 'open',
    at: now.toISOString(),
    details: condition.details,
  });
  return view(row);
}

/** Closes the open alarm of this key, if any, and tells the same people. */
export async function closeAlarm(
  db: Kysely<NotifyTables>,
  key: string,
  closeSummary: string,
  now = new Date(),
): Promise<AlarmView | undefined> {
  const row = await db
    .updateTable('notify.alarms')
    .set({ closed_at: now, close_summary: closeSummary })
    .where('key', '=', key)
    .where('closed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const id = Number(row.id);
  await tellOperators(db, `alarm:${id}:close`, {
    id,
    key: row.key,
    kind: row.kind,
    summary: row.summary,
    state: 'closed',
    at: now.toISOString(),
    closeSummary,
  });
  return view(row);
}

export async function openAlarms(db: Kysely<NotifyTables>, kind?: AlarmKind): Promise<AlarmView[]> {
  let q = db.selectFrom('notify.alarms').selectAll().where('closed_at', 'is', null);
  if (kind) q = q.where('kind', '=', kind);
  return (await q.execute()).map(view);
}

export async function listAlarms(
  db: Kysely<NotifyTables>,
  options: { open?: boolean | undefined; limit: number },
): Promise<AlarmView[]> {
  let q = db.selectFrom('notify.alarms').selectAll().orderBy('opened_at', 'desc').orderBy('id', 'desc');
  if (options.open === true) q = q.where('closed_at', 'is', null);
  if (options.open === false) q = q.where('closed_at', 'is not', null);
  return (await q.limit(options.limit).execute()).map(view);
}

async function tellOperators(db: Kysely<NotifyTables>, eventKey: string, content: AlarmContent): Promise<void> {
  const subscriptions = await listSubscriptions(db, { status: 'active' });
  for (const s of subscriptions.filter((s) => s.ownerIsOperator && s.filter.alarms))
    await enqueueDelivery(db, { subscriptionId: s.id, eventKey, kind: 'alarm', content });
}

function view(row: {
  id: number | string;
  key: string;
  kind: string;
  summary: string;
  details: unknown;
  opened_at: Date;
  closed_at: Date | null;
  close_summary: string | null;
}): AlarmView {
  return {
    id: Number(row.id),
    key: row.key,
    kind: row.kind,
    summary: row.summary,
    details: row.details,
    openedAt: row.opened_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    closeSummary: row.close_summary,
  };
}
