import { sql, type Kysely } from 'kysely';
import { decodeBase64Frame, type DecodedPacket } from '@svom/vhf';
import type { Subjects } from '@svom/contracts';
import type { VhfTables } from '../db/tables.js';
import { packetMessage, publishedMessageName } from './packet-message.js';
import type { OutboxRow } from './outbox.publisher.js';
import type { InflightKeys } from './inflight-keys.js';

/** One reception as a station sends it (ICD-VHF 1). */
export interface ReceptionInput {
  stationId: string;
  receivedAt: string;
  frame: string;
  rssiDbm?: number | undefined;
}

/** Its fate, in request order (ICD-VHF 1). */
export type ReceptionResult =
  | { status: 'accepted' | 'duplicate'; packetKey: string; conflict?: true }
  | { status: 'rejected'; error: { code: string; detail: string } };

export interface RecordOutcome {
  results: ReceptionResult[];
  /** New packets, committed with their outbox rows, to offer to JetStream now. */
  outbox: OutboxRow[];
  /** New frames of multi-frame messages: their messages may now be complete. */
  multiFrame: DecodedPacket[];
}

interface Decoded {
  input: ReceptionInput;
  bytes: Uint8Array;
  packet?: DecodedPacket;
  error?: { code: string; detail: string };
}

/**
 * Records one request's receptions in a single transaction: every reception (accepted, duplicate
 * or rejected, with its bytes), each packet not seen before, and an outbox row per new packet.
 * Duplicates are decided by the database (`on conflict do nothing`), so concurrent requests
 * from several stations carrying the same packet still accept it exactly once.
 */
export async function recordReceptions(db: Kysely<VhfTables>, subjects: Subjects, inputs: ReceptionInput[], inflight?: InflightKeys): Promise<RecordOutcome> {
  const decoded: Decoded[] = inputs.map((input) => {
    const result = decodeBase64Frame(input.frame);
    // Rejected receptions keep what could be read of them too, to study later.
    const bytes = new Uint8Array(Buffer.from(input.frame, 'base64'));
    if (result.ok) return { input, bytes, packet: result.packet };
    return { input, bytes, error: { code: result.code, detail: result.detail } };
  });

  // The first reception of each key in this request is its candidate packet. Inserted in key
  // order, so two requests carrying the same packets lock them in the same order and never
  // deadlock each other.
  const candidates = new Map<string, Decoded>();
  for (const d of decoded) if (d.packet && !candidates.has(d.packet.key)) candidates.set(d.packet.key, d);
  const ordered = [...candidates.values()].sort((a, b) => (a.packet!.key < b.packet!.key ? -1 : 1));

  const release = inflight ? await inflight.claim(candidates.keys()) : () => {};
  try {
  return await withRetry(() => db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const inserted = new Set<string>();
    if (candidates.size) {
      const rows = ordered.map(({ packet, input, bytes }) => ({
        packet_key: packet!.key,
        apid: packet!.apid,
        message_type: packet!.messageType,
        source: packet!.source,
        message: publishedMessageName(packet!),
        sequence_flags: packet!.sequenceFlags,
        sequence_count: packet!.sequenceCount,
        obt: packet!.obt,
        frame: bytes,
        fields: packet!.fields ? JSON.stringify(packet!.fields) : null,
        first_station_id: input.stationId,
        first_received_at: input.receivedAt,
      }));
      const returned = await trx.insertInto('vhf.packets').values(rows).onConflict((oc) => oc.column('packet_key').doNothing()).returning('packet_key').execute();
      for (const r of returned) inserted.add(r.packet_key);
    }

    // Keys already known before this request: their stored bytes tell duplicates from conflicts.
    const known = new Map<string, Uint8Array>();
    const earlier = [...candidates.keys()].filter((k) => !inserted.has(k));
    if (earlier.length) {
      const stored = await trx.selectFrom('vhf.packets').select(['packet_key', 'frame']).where('packet_key', 'in', earlier).execute();
      for (const s of stored) known.set(s.packet_key, s.frame);
    }
    for (const key of inserted) known.set(key, candidates.get(key)!.bytes);

    const results: ReceptionResult[] = [];
    const acceptedHere = new Set<string>();
    const receptionRows = decoded.map((d) => {
      const base = {
        station_id: d.input.stationId,
        received_at: validTime(d.input.receivedAt),
        rssi_dbm: d.input.rssiDbm ?? null,
        frame: d.bytes,
      };
      if (!d.packet) {
        results.push({ status: 'rejected', error: d.error! });
        return { ...base, status: 'rejected' as const, packet_key: null, error_code: d.error!.code, error_detail: d.error!.detail, latency_ms: null, conflict: false };
      }
      const key = d.packet.key;
      const latency = base.received_at ? Date.parse(base.received_at) - Date.parse(d.packet.obt) : null;
      const conflict = !sameBytes(known.get(key), d.bytes);
      const first = inserted.has(key) && !acceptedHere.has(key) && !conflict;
      if (first) acceptedHere.add(key);
      const status = first || conflict ? ('accepted' as const) : ('duplicate' as const);
      results.push(conflict ? { status, packetKey: key, conflict: true } : { status, packetKey: key });
      return { ...base, status, packet_key: key, error_code: null, error_detail: null, latency_ms: latency, conflict };
    });
    const outboxRows = [...inserted].map((key) => {
      const { packet, input } = candidates.get(key)!;
      return {
        subject: subjects.vhf.packet(packet!.source, publishedMessageName(packet!)),
        msg_id: key,
        payload: JSON.stringify(packetMessage(packet!, input.stationId, input.receivedAt, now)),
      };
    });
    const multiFrame = [...inserted].map((key) => candidates.get(key)!.packet!).filter((p) => p.sequenceFlags !== 'standalone');
    // Receptions and outbox rows go in one statement: one round trip fewer on the hot path.
    // (At most 1000 receptions a request: within PostgreSQL's 65535 parameters.)
    const outbox: OutboxRow[] = outboxRows.length
      ? await trx
          .with('written', (qb) => qb.insertInto('vhf.receptions').values(receptionRows).returning('id'))
          .insertInto('vhf.outbox')
          .values(outboxRows)
          .returning(['id', 'subject', 'msg_id', 'payload'])
          .execute()
      : (await trx.insertInto('vhf.receptions').values(receptionRows).execute(), []);
    return { results, outbox, multiFrame };
  }));
  } finally {
    release();
  }
}

/** Retries a transaction the database aborted to resolve a conflict with another (deadlock, serialization). */
async function withRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}

/** Marks the stations of a request as heard now; a silent one becomes active again. */
export async function markHeard(db: Kysely<VhfTables>, stationId: string): Promise<void> {
  await db.updateTable('vhf.stations').set({ last_heard_at: sql`now()`, silent_since: null }).where('id', '=', stationId).execute();
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

function validTime(iso: string): string | null {
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}
