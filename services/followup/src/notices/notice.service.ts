import type { Subjects } from '@svom/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { FollowupTables } from '../db/tables.js';
import { listFacilities } from '../facilities/facility.repository.js';
import type { OutboxRow } from '@svom/service-kit';
import {
  assessmentDetails,
  planNotice,
  type BurstState,
  type FacilityAction,
  type Plan,
  type PlanOptions,
} from '../planning/plan-notice.js';
import type { RequestStatus } from '../requests/lifecycle.js';
import { toRequest } from '../requests/request.repository.js';
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
    const inserted = await trx
      .insertInto('followup.notices')
      .values({
        notice_key: notice.key,
        ivorn: notice.ivorn,
        burst_id: notice.burstId,
        notice_name: notice.name,
        packet_type: notice.packetType,
        instrument: notice.instrument,
        trigger_time: notice.triggerTime,
        ra_deg: notice.position?.raDeg ?? null,
        dec_deg: notice.position?.decDeg ?? null,
        error_radius_deg: notice.position?.errorRadiusDeg ?? null,
        stream_seq: options.streamSeq ?? null,
        payload: JSON.stringify(notice.payload),
      })
      .onConflict((oc) => oc.column('notice_key').doNothing())
      .returning('notice_key')
      .execute();
    if (inserted.length === 0) return { duplicate: true, outbox: [] };

    await trx
      .insertInto('followup.bursts')
      .values({ burst_id: notice.burstId, trigger_time: notice.triggerTime })
      .onConflict((oc) => oc.column('burst_id').doNothing())
      .execute();
    const burstRow = await trx
      .selectFrom('followup.bursts')
      .selectAll()
      .where('burst_id', '=', notice.burstId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const burst: BurstState = {
      retracted: burstRow.retracted_at !== null,
      position:
        burstRow.ra_deg !== null && burstRow.dec_deg !== null && burstRow.position_ivorn
          ? {
              raDeg: burstRow.ra_deg,
              decDeg: burstRow.dec_deg,
              errorRadiusDeg: burstRow.error_radius_deg,
              ivorn: burstRow.position_ivorn,
            }
          : null,
    };
    const facilities = await listFacilities(trx, { activeOnly: true });
    const requests = await trx
      .selectFrom('followup.requests')
      .select(['id', 'facility_id', 'status'])
      .where('burst_id', '=', notice.burstId)
      .execute();
    const plan = planNotice(
      notice,
      burst,
      facilities,
      requests.map((r) => ({ id: r.id, facilityId: r.facility_id, status: r.status as RequestStatus })),
      now,
      options,
    );

    const triggerTime = burstRow.trigger_time ? new Date(burstRow.trigger_time).toISOString() : notice.triggerTime;
    await trx
      .updateTable('followup.bursts')
      .set({
        trigger_time: triggerTime,
        ra_deg: plan.burst.position?.raDeg ?? null,
        dec_deg: plan.burst.position?.decDeg ?? null,
        error_radius_deg: plan.burst.position?.errorRadiusDeg ?? null,
        position_ivorn: plan.burst.position?.ivorn ?? null,
        retracted_at: plan.burst.retracted ? (burstRow.retracted_at ?? now) : null,
        updated_at: sql`now()`,
      })
      .where('burst_id', '=', notice.burstId)
      .execute();
    if (plan.improved)
      await trx
        .updateTable('followup.notices')
        .set({ improved_position: true })
        .where('notice_key', '=', notice.key)
        .execute();

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
    trx
      .insertInto('followup.decisions')
      .values({
        notice_key: notice.key,
        burst_id: notice.burstId,
        facility_id: action.facility.id,
        outcome,
        reason,
        details: JSON.stringify(details),
      })
      .execute();
  const position = plan.burst.position!;

  switch (action.kind) {
    case 'none':
      await decide('none', action.reason, action.details);
      return undefined;
    case 'create': {
      const a = action.assessment;
      const row = await trx
        .insertInto('followup.requests')
        .values({
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
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const request = toRequest(row);
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
      const row = await trx
        .updateTable('followup.requests')
        .set((eb) => ({
          ra_deg: position.raDeg,
          dec_deg: position.decDeg,
          error_radius_deg: position.errorRadiusDeg,
          position_ivorn: position.ivorn,
          ...sky,
          version: eb('version', '+', 1),
          updated_at: sql`now()`,
        }))
        .where('id', '=', action.requestId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const request = toRequest(row);
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
      const row = await trx
        .updateTable('followup.requests')
        .set((eb) => ({ status: 'cancelled', version: eb('version', '+', 1), updated_at: sql`now()` }))
        .where('id', '=', action.requestId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const request = toRequest(row);
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
