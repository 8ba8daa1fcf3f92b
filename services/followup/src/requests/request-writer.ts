import type { Subjects } from '@svom/contracts';
import type { Kysely } from 'kysely';
import type { OutboxRow } from '@svom/service-kit';
import { insertOutbox } from '../db/outbox.repository.js';
import { insertRequestEvent, type ObservationRequest, type RequestChange } from '../db/request.repository.js';
import type { FollowupTables } from '../db/tables.js';
import { requestMessage, requestMsgId } from './request-message.js';

/**
 * Audits a change of a request and queues its message, in the caller's transaction: the event
 * row and the outbox row commit with the change itself or not at all.
 */
export async function recordRequestChange(
  trx: Kysely<FollowupTables>,
  subjects: Subjects,
  request: ObservationRequest,
  change: RequestChange,
  triggerTime: string | null,
): Promise<OutboxRow> {
  const at = new Date();
  await insertRequestEvent(trx, request, change, at);
  return insertOutbox(trx, {
    subject: subjects.followup.request(request.facilityId),
    msgId: requestMsgId(request),
    payload: JSON.stringify(requestMessage(request, { kind: change.kind, reason: change.reason, at }, triggerTime)),
  });
}
