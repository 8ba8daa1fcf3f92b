import type { Kysely, Transaction } from 'kysely';
import { decodeBase64Frame, type DecodedPacket } from '@svom/vhf';
import type { Subjects } from '@svom/contracts';
import type { VhfTables } from '../db/tables.js';
import { packetMessage, publishedMessageName } from './packet-message.js';
import type { OutboxRow } from '@svom/service-kit';
import type { InflightKeys } from './inflight-keys.js';
import {
  insertNewPackets,
  insertReceptionsAndOutbox,
  isReceptionStoredAlready,
  storedFrames,
  storedReceptions,
  type OutboxInsert,
  type PacketRow,
  type ReceptionRow,
  type StoredReception,
} from '../db/reception.repository.js';

/** One reception as a station sends it (ICD-VHF 1). */
export interface ReceptionInput {
  stationId: string;
  receivedAt: string;
  frame: string;
  rssiDbm?: number | undefined;
}

/**
 * Its fate, in request order (ICD-VHF 1). `alreadyRecorded`: this very reception (same station,
 * `receivedAt` and bytes) was recorded by an earlier request, or earlier in this one; it is
 * answered with the outcome it got then and not stored again.
 */
export type ReceptionResult =
  | { status: 'accepted' | 'duplicate'; packetKey: string; conflict?: true; alreadyRecorded?: true }
  | { status: 'rejected'; error: { code: string; detail: string }; alreadyRecorded?: true };

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
  frameHex: string;
  receivedAt: string | null;
  packet?: DecodedPacket;
  error?: { code: string; detail: string };
}

/**
 * Records one request's receptions in a single transaction: every reception (accepted, duplicate
 * or rejected, with its bytes), each packet not seen before, and an outbox row per new packet.
 * Duplicates are decided by the database (`on conflict do nothing`), so concurrent requests
 * from several stations carrying the same packet still accept it exactly once. A reception
 * already recorded (a station re-posting a batch whose 200 it never got) is answered as it was
 * the first time and stored once: see {@link ReceptionResult}.
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
    const common = { input, bytes, frameHex: hex(bytes), receivedAt: validTime(input.receivedAt) };
    if (result.ok) return { ...common, packet: result.packet };
    return { ...common, error: { code: result.code, detail: result.detail } };
  });

  // Copies of one reception in this write (a request and its re-post merged into one group
  // commit): the first stands for all. The key is at most as fine as the database's (a time read
  // to the millisecond, the database keeps microseconds), so no two rows sent can collide there.
  const firstCopy = new Map<string, number>();
  const copyOf = decoded.map((d, i) => {
    const key = `${d.input.stationId}\u0000${d.receivedAt === null ? '' : Date.parse(d.receivedAt)}\u0000${d.frameHex}`;
    const first = firstCopy.get(key);
    if (first === undefined) firstCopy.set(key, i);
    return first;
  });
  const unique = [...firstCopy.values()];

  const release = inflight
    ? await inflight.claim(new Set(decoded.flatMap((d) => (d.packet ? [d.packet.key] : []))))
    : () => {};
  // Optimistic: receptions are new but for the rare re-post, so the first attempt writes without
  // looking. A reception already stored fails it (unique index); the retry looks them up first and
  // answers them as stored. A retry that fails so again lost a race with another replica writing
  // the same reception: the next look-up sees it committed.
  let lookUp = false;
  const retryable = (error: unknown) => {
    if (isReceptionStoredAlready(error)) return (lookUp = true);
    return CONFLICT_ABORTS.has((error as { code?: string }).code ?? '');
  };
  try {
    return await withRetry(
      () =>
        db.transaction().execute(async (trx) => {
          const keys = unique.map((i) => ({
            stationId: decoded[i]!.input.stationId,
            receivedAt: decoded[i]!.receivedAt,
            frameHex: decoded[i]!.frameHex,
          }));
          const stored = lookUp ? await storedReceptions(trx, keys) : [];
          const earlier = new Map<number, ReceptionResult>(stored.map((s) => [unique[s.index]!, storedResult(s)]));
          const fresh = unique.filter((i) => !earlier.has(i));
          const written = await writeFresh(
            trx,
            subjects,
            fresh.map((i) => decoded[i]!),
          );
          const results = new Map(earlier);
          fresh.forEach((i, n) => results.set(i, written.results[n]!));
          return {
            ...written,
            results: decoded.map((_, i) => {
              const first = copyOf[i];
              if (first !== undefined) return { ...results.get(first)!, alreadyRecorded: true as const };
              return results.get(i)!;
            }),
          };
        }),
      retryable,
    );
  } finally {
    release();
  }
}

/** Writes receptions not recorded before: packets, receptions, outbox rows (the hot path). */
async function writeFresh(trx: Transaction<VhfTables>, subjects: Subjects, decoded: Decoded[]): Promise<RecordOutcome> {
  // The first reception of each key is its candidate packet. Inserted in key order, so two
  // requests carrying the same packets lock them in the same order and never deadlock each other.
  const candidates = new Map<string, Decoded>();
  for (const d of decoded) if (d.packet && !candidates.has(d.packet.key)) candidates.set(d.packet.key, d);
  const ordered = [...candidates.values()].sort((a, b) => (a.packet!.key < b.packet!.key ? -1 : 1));

  const now = new Date().toISOString();
  const inserted = new Set<string>();
  if (candidates.size) {
    const rows: PacketRow[] = ordered.map(({ packet, input, frameHex }) => ({
      packetKey: packet!.key,
      apid: packet!.apid,
      messageType: packet!.messageType,
      source: packet!.source,
      message: publishedMessageName(packet!),
      sequenceFlags: packet!.sequenceFlags,
      sequenceCount: packet!.sequenceCount,
      obt: packet!.obt,
      frameHex,
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
      receivedAt: d.receivedAt,
      rssiDbm: d.input.rssiDbm ?? null,
      frameHex: d.frameHex,
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
  const outbox = await insertReceptionsAndOutbox(trx, receptionRows, outboxRows);
  return { results, outbox, multiFrame };
}

/** The answer an earlier request got for this reception. */
function storedResult(s: StoredReception): ReceptionResult {
  if (s.status === 'rejected') {
    return {
      status: 'rejected',
      error: { code: s.errorCode ?? 'UNKNOWN', detail: s.errorDetail ?? '' },
      alreadyRecorded: true,
    };
  }
  return s.conflict
    ? { status: s.status, packetKey: s.packetKey!, conflict: true, alreadyRecorded: true }
    : { status: s.status, packetKey: s.packetKey!, alreadyRecorded: true };
}

/** Deadlock, serialization failure: the database aborted the transaction to settle a conflict. */
const CONFLICT_ABORTS = new Set(['40P01', '40001']);

/** Runs a transaction again (at most `attempts` times in all) while its failure is `retryable`. */
async function withRetry<T>(run: () => Promise<T>, retryable: (error: unknown) => boolean, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error;
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
