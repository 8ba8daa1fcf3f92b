import { sql, type Kysely, type Transaction } from 'kysely';
import type { OutboxRow } from '@svom/service-kit';
import type { VhfTables } from './tables.js';

/**
 * The statements of recording a station's request, the ingest's hot path. The writes are `unnest` statements: one array parameter per column
 * rather than one parameter per value, so a request of 1,000 receptions is ten parameters to
 * bind and parse, not ten thousand. Frames travel as hex text and are decoded by the server:
 * the same SQL then runs on `pg` and on PGlite. Rows keep the order they are given in (`with
 * ordinality`), which is what makes concurrent writers lock packets in the same order.
 */
type Db = Kysely<VhfTables> | Transaction<VhfTables>;

export interface PacketRow {
  packetKey: string;
  apid: number;
  messageType: number;
  source: string;
  message: string;
  sequenceFlags: string;
  sequenceCount: number;
  obt: string;
  frameHex: string;
  fieldsJson: string | null;
  firstStationId: string;
  firstReceivedAt: string;
}

export interface ReceptionRow {
  stationId: string;
  receivedAt: string | null;
  rssiDbm: number | null;
  frameHex: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  packetKey: string | null;
  errorCode: string | null;
  errorDetail: string | null;
  latencyMs: number | null;
  conflict: boolean;
}

export interface OutboxInsert {
  subject: string;
  msgId: string;
  payload: string;
}

const column = <T, K extends keyof T>(rows: readonly T[], key: K) => rows.map((r) => r[key]);

/** Inserts the packets not yet known; answers the keys it inserted. */
export async function insertNewPackets(db: Db, rows: readonly PacketRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const { rows: inserted } = await sql<{ packet_key: string }>`
    insert into vhf.packets (packet_key, apid, message_type, source, message, sequence_flags, sequence_count, obt, frame, fields, first_station_id, first_received_at)
    select k, a, t, s, m, f, c, o, decode(x, 'hex'), j::jsonb, st, r
    from unnest(${column(rows, 'packetKey')}::text[], ${column(rows, 'apid')}::int[], ${column(rows, 'messageType')}::int[],
                ${column(rows, 'source')}::text[], ${column(rows, 'message')}::text[], ${column(rows, 'sequenceFlags')}::text[],
                ${column(rows, 'sequenceCount')}::int[], ${column(rows, 'obt')}::timestamptz[], ${column(rows, 'frameHex')}::text[],
                ${column(rows, 'fieldsJson')}::text[], ${column(rows, 'firstStationId')}::text[], ${column(rows, 'firstReceivedAt')}::timestamptz[])
         with ordinality as u(k, a, t, s, m, f, c, o, x, j, st, r, n)
    order by n
    on conflict (packet_key) do nothing
    returning packet_key`.execute(db);
  return inserted.map((r) => r.packet_key);
}

/**
 * Inserts every reception and, in the same statement, the outbox rows of the new packets. A
 * reception already stored (same station, reception time and frame bytes: the unique index
 * `receptions_once_idx`, migrations/2026-12-04T2015) fails the statement with a unique violation,
 * which the caller takes as its cue to look up what is stored: a plain insert keeps the hot path
 * as cheap as before, where `on conflict` would probe the index once more for every row.
 */
export async function insertReceptionsAndOutbox(
  db: Db,
  receptions: readonly ReceptionRow[],
  outbox: readonly OutboxInsert[],
): Promise<OutboxRow[]> {
  const { rows } = await sql<OutboxRow>`
    with written as (
      insert into vhf.receptions (station_id, received_at, rssi_dbm, frame, status, packet_key, error_code, error_detail, latency_ms, conflict)
      select s, r, q, decode(x, 'hex'), st, k, ec, ed, l, c
      from unnest(${column(receptions, 'stationId')}::text[], ${column(receptions, 'receivedAt')}::timestamptz[], ${column(receptions, 'rssiDbm')}::float8[],
                  ${column(receptions, 'frameHex')}::text[], ${column(receptions, 'status')}::text[], ${column(receptions, 'packetKey')}::text[],
                  ${column(receptions, 'errorCode')}::text[], ${column(receptions, 'errorDetail')}::text[], ${column(receptions, 'latencyMs')}::float8[],
                  ${column(receptions, 'conflict')}::boolean[])
           as u(s, r, q, x, st, k, ec, ed, l, c)
      returning 1
    )
    insert into vhf.outbox (subject, msg_id, payload)
    select s, m, p from unnest(${column(outbox, 'subject')}::text[], ${column(outbox, 'msgId')}::text[], ${column(outbox, 'payload')}::text[]) as o(s, m, p)
    returning id, subject, msg_id as "msgId", payload`.execute(db);
  return rows;
}

/** Whether `error` is the insert of a reception already stored (see {@link insertReceptionsAndOutbox}). */
export function isReceptionStoredAlready(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && (constraint === undefined || constraint === 'receptions_once_idx');
}

/** What identifies a reception (ICD-VHF 1 gives it no id): its station, reception time and bytes. */
export interface ReceptionKey {
  stationId: string;
  receivedAt: string | null;
  frameHex: string;
}

/** A reception as an earlier request stored it, by its index in the keys asked about. */
export interface StoredReception {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  packetKey: string | null;
  conflict: boolean;
  errorCode: string | null;
  errorDetail: string | null;
}

/** The receptions among `keys` already stored, with the outcome they were stored with. */
export async function storedReceptions(db: Db, keys: readonly ReceptionKey[]): Promise<StoredReception[]> {
  if (keys.length === 0) return [];
  // The join reads the unique index's own expressions, so each key is one index probe.
  const { rows } = await sql<StoredReception>`
    select (u.n - 1)::int as index, r.status, r.packet_key as "packetKey", r.conflict,
           r.error_code as "errorCode", r.error_detail as "errorDetail"
    from unnest(${column(keys, 'stationId')}::text[], ${column(keys, 'receivedAt')}::timestamptz[], ${column(keys, 'frameHex')}::text[])
         with ordinality as u(s, t, x, n)
    join vhf.receptions r
      on r.station_id = u.s
     and coalesce(r.received_at, '-infinity'::timestamptz) = coalesce(u.t, '-infinity'::timestamptz)
     and sha256(r.frame) = sha256(decode(u.x, 'hex'))`.execute(db);
  return rows;
}

/** The stored bytes of packets known before this request: a copy that differs is a conflict. */
export async function storedFrames(db: Db, packetKeys: readonly string[]): Promise<Map<string, Uint8Array>> {
  const stored = await db
    .selectFrom('vhf.packets')
    .select(['packet_key', 'frame'])
    .where('packet_key', 'in', packetKeys)
    .execute();
  return new Map(stored.map((s) => [s.packet_key, s.frame]));
}
