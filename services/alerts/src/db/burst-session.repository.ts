import type { Insertable, Kysely, Transaction } from 'kysely';
import type { BurstRow } from './burst.repository.js';
import { outboxValues, type OutboxMessage, type OutboxRow } from './outbox.repository.js';
import type { AlertsTables } from './tables.js';

/** A timeline entry of a burst, written with the session that made it. */
export interface TimelineEntry {
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** What one burst session changed. */
export interface BurstSessionWrites {
  burstId: string;
  burst: Partial<Record<keyof BurstRow, unknown>>;
  notices: Insertable<AlertsTables['alerts.notices']>[];
  timeline: TimelineEntry[];
  /** Never empty: the burst's state message at least. */
  outbox: OutboxMessage[];
}

/**
 * Writes a burst session in one statement: the burst row, its new notices, its timeline entries
 * and the outbox messages, as data-modifying CTEs (PostgreSQL runs each exactly once). These were
 * four to six round trips in the transaction that stands between a packet and its notice's
 * publication. Answers the outbox rows with their ids, in the order given.
 */
export async function writeBurstSession(trx: Transaction<AlertsTables>, w: BurstSessionWrites): Promise<OutboxRow[]> {
  // The CTEs present depend on what the session did: the builder's types cannot follow that.
  const db = trx as unknown as Kysely<any>;
  let query: any = db.with('burst', (q) =>
    q
      .updateTable('alerts.bursts')
      .set({ ...w.burst, updated_at: new Date() })
      .where('burst_id', '=', w.burstId)
      .returning('burst_id'),
  );
  if (w.notices.length > 0)
    query = query.with('notices', (q: Kysely<any>) =>
      q.insertInto('alerts.notices').values(w.notices).returning('notice_id'),
    );
  if (w.timeline.length > 0) {
    const rows = w.timeline.map((e) => ({
      burst_id: w.burstId,
      actor: e.actor,
      action: e.action,
      detail: JSON.stringify(e.detail),
    }));
    query = query.with('timeline', (q: Kysely<any>) => q.insertInto('alerts.timeline').values(rows).returning('id'));
  }
  const ids: Array<{ id: string | number }> = await query
    .insertInto('alerts.outbox')
    .values(outboxValues(w.outbox))
    .returning('id')
    .execute();
  return w.outbox.map((m, i) => ({ ...m, id: Number(ids[i]!.id) }));
}
