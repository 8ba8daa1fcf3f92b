import type { Insertable, Kysely } from 'kysely';
import type { VhfTables } from './tables.js';

type MessageRow = Insertable<VhfTables['vhf.messages']>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Records a multi-frame message complete. Its change from `partial` (or from nothing) to
 * `complete` happens once: false when another writer made it first, or when it was recorded
 * incomplete.
 */
export async function completeMessage(
  trx: Kysely<VhfTables>,
  row: Omit<MessageRow, 'status' | 'missing_counts' | 'completed_at'>,
): Promise<boolean> {
  const changed = await trx
    .insertInto('vhf.messages')
    .values({ ...row, status: 'complete', missing_counts: null, completed_at: new Date() })
    .onConflict((oc) =>
      oc
        .column('message_key')
        .doUpdateSet({
          status: 'complete',
          last_count: row.last_count,
          missing_counts: null,
          fields: row.fields,
          completed_at: new Date(),
        })
        .where('vhf.messages.status', '=', 'partial'),
    )
    .returning('message_key')
    .execute();
  return changed.length > 0;
}

/** Records a message still partial, or incomplete (given up); a message no longer partial stays as it is. */
export async function recordUnfinishedMessage(
  db: Kysely<VhfTables>,
  row: Omit<MessageRow, 'status' | 'completed_at'> & { status: 'partial' | 'incomplete' },
): Promise<void> {
  await db
    .insertInto('vhf.messages')
    .values({ ...row, completed_at: null })
    .onConflict((oc) =>
      oc
        .column('message_key')
        .doUpdateSet({ status: row.status, missing_counts: row.missing_counts, last_count: row.last_count })
        .where('vhf.messages.status', '=', 'partial'),
    )
    .execute();
}

export async function findMessages(db: Kysely<VhfTables>, q: { status?: string | undefined; limit: number }) {
  let query = db.selectFrom('vhf.messages').selectAll();
  if (q.status) query = query.where('status', '=', q.status as 'partial');
  const rows = await query.orderBy('first_obt', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    key: r.message_key,
    apid: r.apid,
    source: r.source,
    message: r.message,
    status: r.status,
    firstCount: r.first_count,
    lastCount: r.last_count,
    missingCounts: r.missing_counts,
    firstObt: iso(r.first_obt)!,
    firstArrivedAt: iso(r.first_arrived_at)!,
    completedAt: iso(r.completed_at),
    fields: (r.fields ?? null) as Record<string, unknown> | null,
  }));
}
