import { sql, type Kysely } from 'kysely';
import type { VhfTables } from './tables.js';

export interface PacketQuery {
  apid?: number | undefined;
  source?: string | undefined;
  message?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  after?: { obt: string; key: string } | undefined;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toPacket(r: {
  packet_key: string;
  apid: number;
  message_type: number;
  source: string;
  message: string;
  sequence_flags: string;
  sequence_count: number;
  obt: Date;
  frame: Uint8Array;
  fields: unknown;
  first_station_id: string;
  first_received_at: Date;
  arrived_at: Date;
}) {
  return {
    key: r.packet_key,
    apid: r.apid,
    messageType: r.message_type,
    source: r.source,
    message: r.message,
    sequenceFlags: r.sequence_flags,
    sequenceCount: r.sequence_count,
    obt: iso(r.obt)!,
    frame: Buffer.from(r.frame).toString('base64'),
    fields: (r.fields ?? null) as Record<string, unknown> | null,
    firstStationId: r.first_station_id,
    firstReceivedAt: iso(r.first_received_at)!,
    arrivedAt: iso(r.arrived_at)!,
  };
}

/** Packets newest first by OBT, keyset-paginated on (OBT, key). */
export async function findPackets(db: Kysely<VhfTables>, q: PacketQuery) {
  let query = db.selectFrom('vhf.packets').selectAll();
  if (q.apid !== undefined) query = query.where('apid', '=', q.apid);
  if (q.source) query = query.where('source', '=', q.source);
  if (q.message) query = query.where('message', '=', q.message);
  if (q.since) query = query.where('obt', '>=', new Date(q.since));
  if (q.until) query = query.where('obt', '<', new Date(q.until));
  if (q.after) query = query.where(sql<boolean>`(obt, packet_key) < (${q.after.obt}::timestamptz, ${q.after.key})`);
  const rows = await query.orderBy('obt', 'desc').orderBy('packet_key', 'desc').limit(q.limit).execute();
  return rows.map(toPacket);
}

export async function findPacket(db: Kysely<VhfTables>, key: string) {
  const row = await db.selectFrom('vhf.packets').selectAll().where('packet_key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  const receptions = await db
    .selectFrom('vhf.receptions')
    .select(['id', 'station_id', 'received_at', 'arrived_at', 'rssi_dbm', 'status', 'conflict', 'latency_ms', 'frame'])
    .where('packet_key', '=', key)
    .orderBy('id')
    .execute();
  return {
    ...toPacket(row),
    receptions: receptions.map((r) => ({
      id: r.id,
      stationId: r.station_id,
      receivedAt: iso(r.received_at),
      arrivedAt: iso(r.arrived_at)!,
      rssiDbm: r.rssi_dbm,
      status: r.status,
      conflict: r.conflict,
      latencyMs: r.latency_ms,
      // Only a conflicting copy differs from the packet: show its bytes.
      ...(r.conflict ? { frame: Buffer.from(r.frame).toString('base64') } : {}),
    })),
  };
}

export async function findRejections(
  db: Kysely<VhfTables>,
  q: {
    stationId?: string | undefined;
    code?: string | undefined;
    since?: string | undefined;
    limit: number;
    beforeId?: number | undefined;
  },
) {
  let query = db
    .selectFrom('vhf.receptions')
    .select(['id', 'station_id', 'received_at', 'arrived_at', 'rssi_dbm', 'frame', 'error_code', 'error_detail'])
    .where('status', '=', 'rejected');
  if (q.stationId) query = query.where('station_id', '=', q.stationId);
  if (q.code) query = query.where('error_code', '=', q.code);
  if (q.since) query = query.where('arrived_at', '>=', new Date(q.since));
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    stationId: r.station_id,
    receivedAt: iso(r.received_at),
    arrivedAt: iso(r.arrived_at)!,
    rssiDbm: r.rssi_dbm,
    frame: Buffer.from(r.frame).toString('base64'),
    code: r.error_code!,
    detail: r.error_detail ?? '',
  }));
}

export async function findMessages(db: Kysely<VhfTables>, q: { status?: string | undefined; limit: number }) {
  let query = db.selectFrom('vhf.messages').selectAll();
  if (q.status) query = query.where('status', '=', q.status as 'partial');
  const rows = await query.orderBy('first_obt', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    key: r.message_key,
    apid: r.apid,
    source: r.source,
    message: r.message,
    status: r.status,
    firstCount: r.first_count,
    lastCount: r.last_count,
    missingCounts: r.missing_counts,
    firstObt: iso(r.first_obt)!,
    firstArrivedAt: iso(r.first_arrived_at)!,
    completedAt: iso(r.completed_at),
    fields: (r.fields ?? null) as Record<string, unknown> | null,
  }));
}
