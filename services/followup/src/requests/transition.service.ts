import type { Subjects } from '@svom/contracts';
import type { Kysely } from 'kysely';
import type { OutboxRow } from '@svom/service-kit';
import { burstTriggerTime } from '../db/burst.repository.js';
import { lockRequest, setRequestStatus, type ObservationRequest } from '../db/request.repository.js';
import type { FollowupTables } from '../db/tables.js';
import { FollowupErrors, withField } from '../errors.js';
import { actorName, type Actor } from '../facilities/actor-auth.js';
import { allowedNext, canTransition, type RequestStatus } from './lifecycle.js';
import { recordRequestChange } from './request-writer.js';

/**
 * Moves a request along its lifecycle, audited. The row is locked, so two concurrent moves are
 * applied one after the other and the second is judged on the first's result.
 */
export async function transitionRequest(
  db: Kysely<FollowupTables>,
  subjects: Subjects,
  id: string,
  to: RequestStatus,
  actor: Actor,
  reason: string | null,
): Promise<{ request: ObservationRequest; outbox: OutboxRow }> {
  return db.transaction().execute(async (trx) => {
    const current = await lockRequest(trx, id);
    if (!current) throw new FollowupErrors.UnknownRequest(id);
    if (actor.kind === 'facility' && current.facilityId !== actor.facilityId)
      throw new FollowupErrors.ForeignRequest(id, current.facilityId, actor.facilityId);
    const from = current.status;
    if (!canTransition(from, to))
      throw withField(
        new FollowupErrors.BadTransition(`${id} is ${from}`, to, allowedNext(from).join(', ') || 'none, it is final'),
        '/body/to',
      );
    const request = await setRequestStatus(trx, id, to);
    const triggerTime = await burstTriggerTime(trx, request.burstId);
    const outbox = await recordRequestChange(
      trx,
      subjects,
      request,
      { kind: 'transition', fromStatus: from, actor: actorName(actor), reason, noticeKey: null },
      triggerTime,
    );
    return { request, outbox };
  });
}
