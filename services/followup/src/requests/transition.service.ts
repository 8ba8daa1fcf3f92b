import type { Subjects } from '@svom/contracts';
import { sql, type Kysely } from 'kysely';
import type { FollowupTables } from '../db/tables.js';
import { FollowupErrors, withField } from '../errors.js';
import { actorName, type Actor } from '../facilities/actor-auth.js';
import type { OutboxRow } from '@svom/service-kit';
import { allowedNext, canTransition, type RequestStatus } from './lifecycle.js';
import { toRequest, type ObservationRequest } from './request.repository.js';
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
    const row = await trx
      .selectFrom('followup.requests')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new FollowupErrors.UnknownRequest(id);
    if (actor.kind === 'facility' && row.facility_id !== actor.facilityId)
      throw new FollowupErrors.ForeignRequest(id, row.facility_id, actor.facilityId);
    const from = row.status as RequestStatus;
    if (!canTransition(from, to))
      throw withField(
        new FollowupErrors.BadTransition(`${id} is ${from}`, to, allowedNext(from).join(', ') || 'none, it is final'),
        '/body/to',
      );
    const updated = await trx
      .updateTable('followup.requests')
      .set((eb) => ({ status: to, version: eb('version', '+', 1), updated_at: sql`now()` }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const request = toRequest(updated);
    const burst = await trx
      .selectFrom('followup.bursts')
      .select('trigger_time')
      .where('burst_id', '=', request.burstId)
      .executeTakeFirst();
    const triggerTime = burst?.trigger_time ? new Date(burst.trigger_time).toISOString() : null;
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
