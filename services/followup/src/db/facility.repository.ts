import { sql, type Kysely, type Selectable } from 'kysely';
import { hashToken } from '@svom/service-kit';
import type { FollowupTables } from './tables.js';
import type { Facility, FacilityKind } from '../planning/facility.js';

type FacilityRow = Selectable<FollowupTables['followup.facilities']>;

function toFacility(r: FacilityRow): Facility {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as FacilityKind,
    siteName: r.site_name,
    latitudeDeg: r.latitude_deg,
    longitudeDeg: r.longitude_deg,
    altitudeM: r.altitude_m,
    minAltitudeDeg: r.min_altitude_deg,
    maxSunAltitudeDeg: r.max_sun_altitude_deg,
    minMoonDistanceDeg: r.min_moon_distance_deg,
    fieldOfViewDeg: r.field_of_view_deg,
    filters: r.filters,
    typicalResponseS: r.typical_response_s,
    contact: r.contact,
    source: r.source,
    active: r.active,
  };
}

function toColumns(f: Omit<Facility, 'active'> & { active?: boolean }) {
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    site_name: f.siteName,
    latitude_deg: f.latitudeDeg,
    longitude_deg: f.longitudeDeg,
    altitude_m: f.altitudeM,
    min_altitude_deg: f.minAltitudeDeg,
    max_sun_altitude_deg: f.maxSunAltitudeDeg,
    min_moon_distance_deg: f.minMoonDistanceDeg,
    field_of_view_deg: f.fieldOfViewDeg,
    filters: f.filters,
    typical_response_s: f.typicalResponseS,
    contact: f.contact,
    source: f.source,
    ...(f.active !== undefined ? { active: f.active } : {}),
  };
}

// Never `selectAll`: the token hash stays in the database.
const columns = [
  'id',
  'name',
  'kind',
  'site_name',
  'latitude_deg',
  'longitude_deg',
  'altitude_m',
  'min_altitude_deg',
  'max_sun_altitude_deg',
  'min_moon_distance_deg',
  'field_of_view_deg',
  'filters',
  'typical_response_s',
  'contact',
  'source',
  'active',
  'created_at',
  'updated_at',
] as const;

export async function listFacilities(
  db: Kysely<FollowupTables>,
  options: { activeOnly?: boolean } = {},
): Promise<Facility[]> {
  let query = db.selectFrom('followup.facilities').select(columns).orderBy('id');
  if (options.activeOnly) query = query.where('active', '=', true);
  return (await query.execute()).map((r) => toFacility(r as FacilityRow));
}

export async function getFacility(db: Kysely<FollowupTables>, id: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('followup.facilities').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toFacility(row as FacilityRow) : undefined;
}

/** Registers a facility with its token; false when the id is taken. */
export async function insertFacility(
  db: Kysely<FollowupTables>,
  facility: Omit<Facility, 'active'>,
  token: string,
): Promise<boolean> {
  const rows = await db
    .insertInto('followup.facilities')
    .values({ ...toColumns(facility), token_hash: hashToken(token) })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** Replaces a facility's limits and contact; false when there is no such facility. */
export async function updateFacility(db: Kysely<FollowupTables>, facility: Facility): Promise<boolean> {
  const { id: _id, ...values } = toColumns(facility);
  const result = await db
    .updateTable('followup.facilities')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', facility.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Issues (or replaces) a facility's token; false when there is no such facility. */
export async function setFacilityToken(db: Kysely<FollowupTables>, id: string, token: string): Promise<boolean> {
  const result = await db
    .updateTable('followup.facilities')
    .set({ token_hash: hashToken(token), updated_at: sql`now()` })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function facilityIdForToken(db: Kysely<FollowupTables>, token: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('followup.facilities')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .where('active', '=', true)
    .executeTakeFirst();
  return row?.id;
}
