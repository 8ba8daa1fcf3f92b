import { sql, type Kysely } from 'kysely';
import { hashToken } from '@svom/service-kit';
import type { VhfTables } from './tables.js';

export interface StationRow {
  id: string;
  name: string;
  latitudeDeg: number;
  longitudeDeg: number;
  createdAt: string;
  lastHeardAt: string | null;
  silentSince: string | null;
}

const columns = ['id', 'name', 'latitude_deg', 'longitude_deg', 'created_at', 'last_heard_at', 'silent_since'] as const;

function toStation(r: {
  id: string;
  name: string;
  latitude_deg: number;
  longitude_deg: number;
  created_at: Date;
  last_heard_at: Date | null;
  silent_since: Date | null;
}): StationRow {
  return {
    id: r.id,
    name: r.name,
    latitudeDeg: r.latitude_deg,
    longitudeDeg: r.longitude_deg,
    createdAt: new Date(r.created_at).toISOString(),
    lastHeardAt: r.last_heard_at ? new Date(r.last_heard_at).toISOString() : null,
    silentSince: r.silent_since ? new Date(r.silent_since).toISOString() : null,
  };
}

/** Registers a station; false when the id is taken. */
export async function insertStation(
  db: Kysely<VhfTables>,
  station: { id: string; name: string; latitudeDeg: number; longitudeDeg: number },
  token: string,
): Promise<boolean> {
  const rows = await db
    .insertInto('vhf.stations')
    .values({
      id: station.id,
      name: station.name,
      latitude_deg: station.latitudeDeg,
      longitude_deg: station.longitudeDeg,
      token_hash: hashToken(token),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** Replaces a station's token; false when there is no such station. */
export async function rotateStationToken(db: Kysely<VhfTables>, id: string, token: string): Promise<boolean> {
  const result = await db
    .updateTable('vhf.stations')
    .set({ token_hash: hashToken(token) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function stationIdForToken(db: Kysely<VhfTables>, token: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('vhf.stations')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return row?.id;
}

export async function listStations(db: Kysely<VhfTables>): Promise<StationRow[]> {
  return (await db.selectFrom('vhf.stations').select(columns).orderBy('id').execute()).map(toStation);
}

export async function getStation(db: Kysely<VhfTables>, id: string): Promise<StationRow | undefined> {
  const row = await db.selectFrom('vhf.stations').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toStation(row) : undefined;
}

/** Marks as silent the stations heard before but not for `silentAfterS`; returns them. */
export async function markSilent(db: Kysely<VhfTables>, silentAfterS: number): Promise<string[]> {
  const rows = await db
    .updateTable('vhf.stations')
    .set({ silent_since: sql`now()` })
    .where('silent_since', 'is', null)
    .where('last_heard_at', '<', sql<Date>`now() - make_interval(secs => ${silentAfterS})`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Marks a station as heard now; a silent one becomes active again. */
export async function markHeard(db: Kysely<VhfTables>, stationId: string): Promise<void> {
  await db
    .updateTable('vhf.stations')
    .set({ last_heard_at: sql`now()`, silent_since: null })
    .where('id', '=', stationId)
    .execute();
}
