import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { RequestStatus } from '../requests/lifecycle.js';
import type { FollowupTables } from './tables.js';

// Every function takes the database or a transaction (a Transaction is a Kysely).
type Db = Kysely<FollowupTables>;
type RequestRow = Selectable<FollowupTables['followup.requests']>;
type EventRow = Selectable<FollowupTables['followup.request_events']>;
/** A request's position, as a notice gave it. */
type RequestPosition = Pick<RequestRow, 'ra_deg' | 'dec_deg' | 'error_radius_deg' | 'position_ivorn'>;
/** A request's observing window and the sky at its start. */
type RequestSky = Pick<
  RequestRow,
  'window_start' | 'window_end' | 'altitude_deg' | 'sun_altitude_deg' | 'moon_distance_deg'
>;

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

/** What changed in a request, as its audit event records it. */
export interface RequestChange {
  kind: 'created' | 'updated' | 'transition';
  fromStatus: string | null;
  actor: string;
  reason: string | null;
  noticeKey: string | null;
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

function toEvent(r: EventRow): RequestEvent {
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

export async function getRequest(db: Db, id: string): Promise<ObservationRequest | undefined> {
  const row = await db.selectFrom('followup.requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

export async function listRequests(
  db: Db,
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
  db: Db,
  where: { requestId: string } | { burstId: string },
): Promise<RequestEvent[]> {
  const query = db.selectFrom('followup.request_events').selectAll().orderBy('id');
  const rows = await ('requestId' in where
    ? query.where('request_id', '=', where.requestId)
    : query.where('burst_id', '=', where.burstId)
  ).execute();
  return rows.map(toEvent);
}

/** Each request of a burst with its status: what a notice's plan starts from. */
export async function requestStatusesOfBurst(
  db: Db,
  burstId: string,
): Promise<{ id: string; facilityId: string; status: RequestStatus }[]> {
  const rows = await db
    .selectFrom('followup.requests')
    .select(['id', 'facility_id', 'status'])
    .where('burst_id', '=', burstId)
    .execute();
  return rows.map((r) => ({ id: r.id, facilityId: r.facility_id, status: r.status as RequestStatus }));
}

/** Locks a request's row until the transaction ends: concurrent moves are judged one after the other. */
export async function lockRequest(trx: Db, id: string): Promise<ObservationRequest | undefined> {
  const row = await trx.selectFrom('followup.requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

export async function insertRequest(
  db: Db,
  request: Omit<Insertable<FollowupTables['followup.requests']>, 'version' | 'created_at' | 'updated_at'>,
): Promise<ObservationRequest> {
  return toRequest(await db.insertInto('followup.requests').values(request).returningAll().executeTakeFirstOrThrow());
}

/** Moves a request to a better position (and a new window and sky when given), as a new version. */
export async function moveRequest(
  db: Db,
  id: string,
  position: RequestPosition,
  sky: Partial<RequestSky>,
): Promise<ObservationRequest> {
  const row = await db
    .updateTable('followup.requests')
    .set((eb) => ({ ...position, ...sky, version: eb('version', '+', 1), updated_at: sql`now()` }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

/** Sets a request's status, as a new version (the lifecycle is checked by the caller). */
export async function setRequestStatus(db: Db, id: string, status: RequestStatus): Promise<ObservationRequest> {
  const row = await db
    .updateTable('followup.requests')
    .set((eb) => ({ status, version: eb('version', '+', 1), updated_at: sql`now()` }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

/** Records the audit event of a request's change, at its new version. */
export async function insertRequestEvent(
  db: Db,
  request: ObservationRequest,
  change: RequestChange,
  at: Date,
): Promise<void> {
  await db
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
}
