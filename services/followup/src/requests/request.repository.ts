import type { Kysely, Selectable } from 'kysely';
import type { FollowupTables } from '../db/tables.js';
import type { RequestStatus } from './lifecycle.js';

type RequestRow = Selectable<FollowupTables['followup.requests']>;
type EventRow = Selectable<FollowupTables['followup.request_events']>;

/** An observation request as the API shows it. */
export interface ObservationRequest {
  id: string;
  burstId: string;
  facilityId: string;
  status: RequestStatus;
  raDeg: number;
  decDeg: number;
  errorRadiusDeg: number | null;
  positionIvorn: string;
  windowStart: string;
  windowEnd: string;
  altitudeDeg: number;
  sunAltitudeDeg: number;
  moonDistanceDeg: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RequestEvent {
  id: number;
  requestId: string;
  kind: 'created' | 'updated' | 'transition';
  fromStatus: string | null;
  toStatus: string;
  actor: string;
  reason: string | null;
  noticeKey: string | null;
  version: number;
  at: string;
}

export function toRequest(r: RequestRow): ObservationRequest {
  return {
    id: r.id,
    burstId: r.burst_id,
    facilityId: r.facility_id,
    status: r.status as RequestStatus,
    raDeg: r.ra_deg,
    decDeg: r.dec_deg,
    errorRadiusDeg: r.error_radius_deg,
    positionIvorn: r.position_ivorn,
    windowStart: new Date(r.window_start).toISOString(),
    windowEnd: new Date(r.window_end).toISOString(),
    altitudeDeg: r.altitude_deg,
    sunAltitudeDeg: r.sun_altitude_deg,
    moonDistanceDeg: r.moon_distance_deg,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export function toEvent(r: EventRow): RequestEvent {
  return {
    id: Number(r.id),
    requestId: r.request_id,
    kind: r.kind,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    actor: r.actor,
    reason: r.reason,
    noticeKey: r.notice_key,
    version: r.version,
    at: new Date(r.at).toISOString(),
  };
}

export async function getRequest(db: Kysely<FollowupTables>, id: string): Promise<ObservationRequest | undefined> {
  const row = await db.selectFrom('followup.requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

export async function listRequests(
  db: Kysely<FollowupTables>,
  filter: { facilityId?: string | undefined; burstId?: string | undefined; status?: string | undefined; limit: number },
): Promise<ObservationRequest[]> {
  let query = db
    .selectFrom('followup.requests')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit);
  if (filter.facilityId) query = query.where('facility_id', '=', filter.facilityId);
  if (filter.burstId) query = query.where('burst_id', '=', filter.burstId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return (await query.execute()).map(toRequest);
}

export async function requestEvents(
  db: Kysely<FollowupTables>,
  where: { requestId: string } | { burstId: string },
): Promise<RequestEvent[]> {
  const query = db.selectFrom('followup.request_events').selectAll().orderBy('id');
  const rows = await ('requestId' in where
    ? query.where('request_id', '=', where.requestId)
    : query.where('burst_id', '=', where.burstId)
  ).execute();
  return rows.map(toEvent);
}
