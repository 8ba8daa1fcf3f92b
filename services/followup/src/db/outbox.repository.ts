import type { Kysely } from 'kysely';
import type { OutboxMessage, OutboxRow } from '@svom/service-kit';
import type { FollowupTables } from './tables.js';

// The kit's OutboxPublisher reads, publishes and deletes these rows; the follow-up only writes them.

/** Writes a message to `followup.outbox` in the caller's transaction; answers it with its id. */
export async function insertOutbox(trx: Kysely<FollowupTables>, message: OutboxMessage): Promise<OutboxRow> {
  const { id } = await trx
    .insertInto('followup.outbox')
    .values({ subject: message.subject, msg_id: message.msgId, payload: message.payload })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(id), ...message };
}
