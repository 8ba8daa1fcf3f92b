import type { Kysely } from 'kysely';
import type { OutboxMessage, OutboxRow } from '@svom/service-kit';
import type { VhfTables } from './tables.js';

// The kit's OutboxPublisher reads, publishes and deletes these rows; the ingest only writes them
// (a request's packets in one statement with their receptions: reception.repository.ts).

/** Writes a message to `vhf.outbox` in the caller's transaction; answers it with its id. */
export async function insertOutbox(trx: Kysely<VhfTables>, message: OutboxMessage): Promise<OutboxRow> {
  return trx
    .insertInto('vhf.outbox')
    .values({ subject: message.subject, msg_id: message.msgId, payload: message.payload })
    .returning(['id', 'subject', 'msg_id as msgId', 'payload'])
    .executeTakeFirstOrThrow();
}
