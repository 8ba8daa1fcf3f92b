import type { Subjects } from '@svom/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { FollowupTables } from '../db/tables.js';
import type { OutboxRow } from '@svom/service-kit';
import { requestMessage, requestMsgId } from './request-message.js';
import type { ObservationRequest } from './request.repository.js';

export interface RequestChange {
  kind: 'created' | 'updated' | 'transition';
  fromStatus: string | null;
  actor: string;
  reason: string | null;
  noticeKey: string | null;
}

/**
 * Audits a change of a request and queues its message, in the caller's transaction: the event
 * row and the outbox row commit with the change itself or not at all.
 */
export async function recordRequestChange(
  trx: Transaction<FollowupTables> | Kysely<FollowupTables>,
  subjects: Subjects,
  request: ObservationRequest,
  change: RequestChange,
  triggerTime: string | null,
): Promise<OutboxRow> {
  const at = new Date();
  await trx
    .insertInto('followup.request_events')
    .values({
      request_id: request.id,
      burst_id: request.burstId,
      kind: change.kind,
      from_status: change.fromStatus,
      to_status: request.status,
      actor: change.actor,
      reason: change.reason,
      notice_key: change.noticeKey,
      version: request.version,
      at,
    })
    .execute();
  const message = {
    subject: subjects.followup.request(request.facilityId),
    msgId: requestMsgId(request),
    payload: JSON.stringify(requestMessage(request, { kind: change.kind, reason: change.reason, at }, triggerTime)),
  };
  const { id } = await trx
    .insertInto('followup.outbox')
    .values({ subject: message.subject, msg_id: message.msgId, payload: message.payload })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(id), ...message };
}
