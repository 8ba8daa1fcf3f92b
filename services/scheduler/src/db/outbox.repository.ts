import type { Kysely } from 'kysely';
import type { OutboxMessage, OutboxRow } from '@svom/service-kit';
import type { GpTables } from './tables.js';

// The kit's OutboxPublisher reads, publishes and deletes these rows; the scheduler only writes them.

/**
 * Writes messages to `gp.outbox` in the caller's transaction, in the order given (the order the
 * drain offers them in); answers them with their ids.
 */
export async function insertOutbox(trx: Kysely<GpTables>, messages: readonly OutboxMessage[]): Promise<OutboxRow[]> {
  if (messages.length === 0) return [];
  const rows = await trx
    .insertInto('gp.outbox')
    .values(messages.map((m) => ({ subject: m.subject, msg_id: m.msgId, payload: m.payload })))
    .returning('id')
    .execute();
  return messages.map((m, i) => ({ ...m, id: Number(rows[i]!.id) }));
}
