import type { Subjects } from '@svom/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { OutboxRow } from '@svom/service-kit';
import { burstPosition, ensureBurst, lockBurst, updateBurst } from '../db/burst.repository.js';
import { insertDecision } from '../db/decision.repository.js';
import { listFacilities } from '../db/facility.repository.js';
import { insertNotice, markImprovedPosition } from '../db/notice.repository.js';
import { insertRequest, moveRequest, requestStatusesOfBurst, setRequestStatus } from '../db/request.repository.js';
import type { FollowupTables } from '../db/tables.js';
import {
  assessmentDetails,
  planNotice,
  type BurstState,
  type FacilityAction,
  type Plan,
  type PlanOptions,
} from '../planning/plan-notice.js';
import { recordRequestChange } from '../requests/request-writer.js';
import type { ParsedNotice } from './notice-reader.js';

export interface NoticeOutcome {
  duplicate: boolean;
  plan?: Plan;
  outbox: OutboxRow[];
}

const SYSTEM = 'system:followup';

/**
 * Applies one notice in one transaction: the notice is recorded (under its key, so a
 * redelivered notice finds itself and changes nothing), the burst row is locked (notices of one
 * burst are applied one after the other, whatever the number of replicas), the plan is made on
 * the burst as it stands and written with its audit events, decisions and outbox messages.
 */
export async function applyNotice(
  db: Kysely<FollowupTables>,
  subjects: Subjects,
  notice: ParsedNotice,
  now: Date,
  options: PlanOptions & { streamSeq?: number },
): Promise<NoticeOutcome> {
  return db.transaction().execute(async (trx) => {
    if (!(await insertNotice(trx, notice, options.streamSeq ?? null))) return { duplicate: true, outbox: [] };

    await ensureBurst(trx, notice.burstId, notice.triggerTime);
    const burstRow = await lockBurst(trx, notice.burstId);
    const burst: BurstState = { retracted: burstRow.retracted_at !== null, position: burstPosition(burstRow) };
    const facilities = await listFacilities(trx, { activeOnly: true });
    const requests = await requestStatusesOfBurst(trx, notice.burstId);
    const plan = planNotice(notice, burst, facilities, requests, now, options);

    const triggerTime = burstRow.trigger_time ? new Date(burstRow.trigger_time).toISOString() : notice.triggerTime;
    await updateBurst(trx, notice.burstId, {
      trigger_time: triggerTime,
      ra_deg: plan.burst.position?.raDeg ?? null,
      dec_deg: plan.burst.position?.decDeg ?? null,
      error_radius_deg: plan.burst.position?.errorRadiusDeg ?? null,
      position_ivorn: plan.burst.position?.ivorn ?? null,
      retracted_at: plan.burst.retracted ? (burstRow.retracted_at ?? now) : null,
    });
    if (plan.improved) await markImprovedPosition(trx, notice.key);

    const outbox: OutboxRow[] = [];
    for (const action of plan.actions) {
      const row = await applyAction(trx, subjects, notice, plan, action, triggerTime);
      if (row) outbox.push(row);
    }
    return { duplicate: false, plan, outbox };
  });
}

async function applyAction(
  trx: Transaction<FollowupTables>,
  subjects: Subjects,
  notice: ParsedNotice,
  plan: Plan,
  action: FacilityAction,
  triggerTime: string | null,
): Promise<OutboxRow | undefined> {
  const decide = (outcome: string, reason: string | null, details: Record<string, unknown>) =>
    insertDecision(trx, {
      noticeKey: notice.key,
      burstId: notice.burstId,
      facilityId: action.facility.id,
      outcome,
      reason,
      details,
    });
  const position = plan.burst.position!;

  switch (action.kind) {
    case 'none':
      await decide('none', action.reason, action.details);
      return undefined;
    case 'create': {
      const a = action.assessment;
      const request = await insertRequest(trx, {
        id: `${notice.burstId}-${action.facility.id}`,
        burst_id: notice.burstId,
        facility_id: action.facility.id,
        status: 'requested',
        ra_deg: position.raDeg,
        dec_deg: position.decDeg,
        error_radius_deg: position.errorRadiusDeg,
        position_ivorn: position.ivorn,
        window_start: a.windowStart,
        window_end: a.windowEnd,
        altitude_deg: a.now.altitudeDeg,
        sun_altitude_deg: a.now.sunAltitudeDeg,
        moon_distance_deg: a.now.moonDistanceDeg,
      });
      await decide('requested', null, { requestId: request.id, ...assessmentDetails(a) });
      return recordRequestChange(
        trx,
        subjects,
        request,
        { kind: 'created', fromStatus: null, actor: SYSTEM, reason: `notice ${notice.name}`, noticeKey: notice.key },
        triggerTime,
      );
    }
    case 'update': {
      const a = action.assessment;
      // A better position always moves the request; the window and sky follow when it can still be observed soon.
      const sky = a.observable
        ? {
            window_start: a.windowStart,
            window_end: a.windowEnd,
            altitude_deg: a.now.altitudeDeg,
            sun_altitude_deg: a.now.sunAltitudeDeg,
            moon_distance_deg: a.now.moonDistanceDeg,
          }
        : {};
      const request = await moveRequest(
        trx,
        action.requestId,
        {
          ra_deg: position.raDeg,
          dec_deg: position.decDeg,
          error_radius_deg: position.errorRadiusDeg,
          position_ivorn: position.ivorn,
        },
        sky,
      );
      const reason = `better position from ${notice.name} (error ${position.errorRadiusDeg === undefined || position.errorRadiusDeg === null ? 'unknown' : `${(position.errorRadiusDeg * 60).toFixed(2)}′`})${a.observable ? '' : `; ${a.reason} now`}`;
      await decide('updated', a.observable ? null : a.reason, { requestId: request.id, ...assessmentDetails(a) });
      return recordRequestChange(
        trx,
        subjects,
        request,
        { kind: 'updated', fromStatus: request.status, actor: SYSTEM, reason, noticeKey: notice.key },
        triggerTime,
      );
    }
    case 'cancel': {
      const request = await setRequestStatus(trx, action.requestId, 'cancelled');
      await decide('cancelled', 'burst-retracted', { requestId: request.id, from: action.from });
      const reason = `retracted${notice.reason ? `: ${notice.reason}` : ''}`;
      return recordRequestChange(
        trx,
        subjects,
        request,
        { kind: 'transition', fromStatus: action.from, actor: SYSTEM, reason, noticeKey: notice.key },
        triggerTime,
      );
    }
  }
}
