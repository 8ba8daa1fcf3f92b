import { sql, type Kysely, type Selectable } from 'kysely';
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

function toPacket(r: Selectable<VhfTables['vhf.packets']>) {
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

// Frames of one message are made seconds apart on board: a pool this wide around the new frames
// holds the whole message and stays far below half the 16384-count cycle.
const POOL_MARGIN = "interval '20 minutes'";

/**
 * The frames of multi-frame messages of one APID and message type whose OBT lies in [from, to]
 * widened by the pool margin: every frame of the messages these OBTs may belong to.
 */
export async function framePool(
  db: Kysely<VhfTables>,
  apid: number,
  messageType: number,
  fromObt: string,
  toObt: string,
) {
  return db
    .selectFrom('vhf.packets')
    .select([
      'packet_key',
      'sequence_flags',
      'sequence_count',
      'frame',
      'obt',
      'arrived_at',
      'source',
      'message',
      'first_station_id',
      'first_received_at',
    ])
    .where('apid', '=', apid)
    .where('message_type', '=', messageType)
    .where('sequence_flags', '<>', 'standalone')
    .where('obt', '>=', sql<Date>`${fromObt}::timestamptz - ${sql.raw(POOL_MARGIN)}`)
    .where('obt', '<=', sql<Date>`${toObt}::timestamptz + ${sql.raw(POOL_MARGIN)}`)
    .execute();
}

/** Per APID and message type, the OBT span of the frames of multi-frame messages that arrived in the last `withinS`. */
export async function recentFrameSpans(
  db: Kysely<VhfTables>,
  withinS: number,
): Promise<{ apid: number; messageType: number; fromObt: string; toObt: string }[]> {
  const rows = await db
    .selectFrom('vhf.packets')
    .select(['apid', 'message_type', sql<Date>`min(obt)`.as('from'), sql<Date>`max(obt)`.as('to')])
    .where('sequence_flags', '<>', 'standalone')
    .where('arrived_at', '>', sql<Date>`now() - make_interval(secs => ${withinS})`)
    .groupBy(['apid', 'message_type'])
    .execute();
  return rows.map((r) => ({
    apid: r.apid,
    messageType: r.message_type,
    fromObt: new Date(r.from).toISOString(),
    toObt: new Date(r.to).toISOString(),
  }));
}
