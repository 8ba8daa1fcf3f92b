import type { Kysely } from 'kysely';
import { decodeBase64Frame, type DecodedPacket } from '@svom/vhf';
import type { Subjects } from '@svom/contracts';
import type { VhfTables } from '../db/tables.js';
import { packetMessage, publishedMessageName } from './packet-message.js';
import type { OutboxRow } from '@svom/service-kit';
import type { InflightKeys } from './inflight-keys.js';
import {
  insertNewPackets,
  insertReceptionsAndOutbox,
  storedFrames,
  type OutboxInsert,
  type PacketRow,
  type ReceptionRow,
} from '../db/reception.repository.js';

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
export async function recordReceptions(
  db: Kysely<VhfTables>,
  subjects: Subjects,
  inputs: ReceptionInput[],
  inflight?: InflightKeys,
): Promise<RecordOutcome> {
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
    return await withRetry(() =>
      db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const inserted = new Set<string>();
        if (candidates.size) {
          const rows: PacketRow[] = ordered.map(({ packet, input, bytes }) => ({
            packetKey: packet!.key,
            apid: packet!.apid,
            messageType: packet!.messageType,
            source: packet!.source,
            message: publishedMessageName(packet!),
            sequenceFlags: packet!.sequenceFlags,
            sequenceCount: packet!.sequenceCount,
            obt: packet!.obt,
            frameHex: hex(bytes),
            fieldsJson: packet!.fields ? JSON.stringify(packet!.fields) : null,
            firstStationId: input.stationId,
            firstReceivedAt: input.receivedAt,
          }));
          for (const key of await insertNewPackets(trx, rows)) inserted.add(key);
        }

        // Keys already known before this request: their stored bytes tell duplicates from conflicts.
        const earlier = [...candidates.keys()].filter((k) => !inserted.has(k));
        const known = earlier.length ? await storedFrames(trx, earlier) : new Map<string, Uint8Array>();
        for (const key of inserted) known.set(key, candidates.get(key)!.bytes);

        const results: ReceptionResult[] = [];
        const acceptedHere = new Set<string>();
        const receptionRows = decoded.map((d): ReceptionRow => {
          const base = {
            stationId: d.input.stationId,
            receivedAt: validTime(d.input.receivedAt),
            rssiDbm: d.input.rssiDbm ?? null,
            frameHex: hex(d.bytes),
          };
          if (!d.packet) {
            results.push({ status: 'rejected', error: d.error! });
            return {
              ...base,
              status: 'rejected',
              packetKey: null,
              errorCode: d.error!.code,
              errorDetail: d.error!.detail,
              latencyMs: null,
              conflict: false,
            };
          }
          const key = d.packet.key;
          const latency = base.receivedAt ? Date.parse(base.receivedAt) - Date.parse(d.packet.obt) : null;
          const conflict = !sameBytes(known.get(key), d.bytes);
          const first = inserted.has(key) && !acceptedHere.has(key) && !conflict;
          if (first) acceptedHere.add(key);
          const status = first || conflict ? ('accepted' as const) : ('duplicate' as const);
          results.push(conflict ? { status, packetKey: key, conflict: true } : { status, packetKey: key });
          return { ...base, status, packetKey: key, errorCode: null, errorDetail: null, latencyMs: latency, conflict };
        });
        const outboxRows = [...inserted].map((key): OutboxInsert => {
          const { packet, input } = candidates.get(key)!;
          return {
            subject: subjects.vhf.packet(packet!.source, publishedMessageName(packet!)),
            msgId: key,
            payload: JSON.stringify(packetMessage(packet!, input.stationId, input.receivedAt, now)),
          };
        });
        const multiFrame = [...inserted]
          .map((key) => candidates.get(key)!.packet!)
          .filter((p) => p.sequenceFlags !== 'standalone');
        // Receptions and outbox rows go in one statement: one round trip fewer on the hot path.
        const outbox: OutboxRow[] = await insertReceptionsAndOutbox(trx, receptionRows, outboxRows);
        return { results, outbox, multiFrame };
      }),
    );
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

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return (
    a !== undefined &&
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}

function validTime(iso: string): string | null {
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
