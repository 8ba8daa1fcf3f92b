import type { OutboxMessage, OutboxRow } from '@svom/service-kit';
import type { Db } from './burst.repository.js';

// The kit's OutboxPublisher reads, publishes and deletes these rows; the service only writes them.
export type { OutboxMessage, OutboxRow };

/** Writes messages to `alerts.outbox` in the caller's transaction; answers them with their ids. */
export async function insertOutbox(db: Db, messages: OutboxMessage[]): Promise<OutboxRow[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .insertInto('alerts.outbox')
    .values(messages.map((m) => ({ subject: m.subject, msg_id: m.msgId, headers: JSON.stringify(m.headers ?? {}), payload: m.payload })))
    .returning('id')
    .execute();
  return messages.map((m, i) => ({ ...m, id: Number(rows[i]!.id) }));
}
