import type { Static } from 'typebox';
import type { Kysely } from 'kysely';
import type { FollowupTables } from '../db/tables.js';
import type { BurstFollowup } from '../schemas/burst.schema.js';
import { findBurst } from '../db/burst.repository.js';
import { noRequestDecisions } from '../db/decision.repository.js';
import { noticesOfBurst } from '../db/notice.repository.js';
import { reportsOfBurst } from '../db/report.repository.js';
import { listRequests, requestEvents } from '../db/request.repository.js';

type Followup = Static<typeof BurstFollowup>;
type Entry = Followup['timeline'][number];

// Same instant: a notice comes before what it caused, a report after.
const ORDER: Record<Entry['kind'], number> = { notice: 0, 'no-request': 1, request: 2, report: 3 };

/** A burst's follow-up in one timeline: notices, why facilities got no request, request events, reports. */
export async function burstFollowup(db: Kysely<FollowupTables>, burstId: string): Promise<Followup | undefined> {
  const burst = await findBurst(db, burstId);
  if (!burst) return undefined;
  const [notices, decisions, requests, events, reports] = await Promise.all([
    noticesOfBurst(db, burstId),
    noRequestDecisions(db, burstId),
    listRequests(db, { burstId, limit: 1000 }),
    requestEvents(db, { burstId }),
    reportsOfBurst(db, burstId),
  ]);
  const facilityOf = new Map(requests.map((r) => [r.id, r.facilityId]));
  const timeline: Entry[] = [
    ...notices.map(
      (n): Entry => ({
        at: new Date(n.received_at).toISOString(),
        kind: 'notice',
        key: n.notice_key,
        ivorn: n.ivorn,
        name: n.notice_name,
        packetType: n.packet_type,
        position:
          n.ra_deg !== null && n.dec_deg !== null
            ? { raDeg: n.ra_deg, decDeg: n.dec_deg, errorRadiusDeg: n.error_radius_deg }
            : null,
        improvedPosition: n.improved_position,
      }),
    ),
    ...decisions.map(
      (d): Entry => ({
        at: new Date(d.at).toISOString(),
        kind: 'no-request',
        facilityId: d.facility_id,
        noticeKey: d.notice_key,
        reason: d.reason ?? '',
        details: d.details as Record<string, unknown>,
      }),
    ),
    ...events.map(
      (e): Entry => ({
        at: e.at,
        kind: 'request',
        requestId: e.requestId,
        facilityId: facilityOf.get(e.requestId) ?? '',
        event: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actor: e.actor,
        reason: e.reason,
      }),
    ),
    ...reports.map((r): Entry => ({ at: r.receivedAt, kind: 'report', report: r })),
  ];
  timeline.sort((a, b) => a.at.localeCompare(b.at) || ORDER[a.kind] - ORDER[b.kind]);
  return {
    burstId,
    triggerTime: burst.trigger_time ? new Date(burst.trigger_time).toISOString() : null,
    position:
      burst.ra_deg !== null && burst.dec_deg !== null && burst.position_ivorn
        ? {
            raDeg: burst.ra_deg,
            decDeg: burst.dec_deg,
            errorRadiusDeg: burst.error_radius_deg,
            ivorn: burst.position_ivorn,
          }
        : null,
    retractedAt: burst.retracted_at ? new Date(burst.retracted_at).toISOString() : null,
    requests: requests.sort((a, b) => a.facilityId.localeCompare(b.facilityId)),
    timeline,
  };
}
