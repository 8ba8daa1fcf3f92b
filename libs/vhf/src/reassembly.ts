/**
 * Reassembly of multi-frame messages (docs/ICD-VHF.md §5), pure: the ingest service keeps the
 * frames (in Postgres) and calls these functions on what it has.
 *
 * A multi-frame message is the frames of one APID from `first` to `last` with consecutive
 * counts (mod 16384). A `continuation` or `last` frame does not say where its message began:
 * its `first` is the nearest `first` before it only when every frame in between has arrived.
 * So a message cannot be named from one of its frames alone; instead {@link groupSegments}
 * regroups the whole pool of pending frames of an APID each time a frame arrives, and
 * {@link assembleMessage} judges one group. Completeness is never wrong: a complete group has
 * its `first`, its `last` and every count between them, all continuations, which on board can
 * only be one message. The missing counts of an incomplete group are exact once its `first`
 * and `last` have arrived; before that they are the gaps seen so far.
 */
import { SEQUENCE_COUNT_MODULUS } from './frame-layout.js';
import type { SequenceFlags } from './frame-layout.js';
import { addSequenceCount, sequenceCountDistance } from './sequence-count.js';

/** One frame of a multi-frame message, as the ingest keeps it. */
export interface SegmentFrame {
  sequenceFlags: SequenceFlags;
  sequenceCount: number;
  payload: Uint8Array;
}

/** The joined message. */
export interface CompleteMessage {
  complete: true;
  payload: Uint8Array;
  firstCount: number;
  lastCount: number;
  frameCount: number;
}

/** What is still missing, or why the frames do not make one message. */
export interface IncompleteMessage {
  complete: false;
  /** Count of the `first` frame, null while it has not arrived. */
  firstCount: number | null;
  /** Count of the `last` frame, null while it has not arrived. */
  lastCount: number | null;
  /** Counts not yet received, in order (see the module note on their exactness). */
  missingCounts: number[];
  /** Counts received twice with different bytes or flags, or with flags at odds with their place. */
  conflictingCounts: number[];
  /** Counts given that fall outside `first`..`last`. */
  strayCounts: number[];
}

/** Result of {@link assembleMessage}. */
export type AssemblyResult = CompleteMessage | IncompleteMessage;

/**
 * Judges the frames of one message (any order, duplicates allowed): complete when one `first`,
 * one `last` and every count between them (wrapping past 16383) are there as continuations;
 * then joins their payloads in order.
 */
export function assembleMessage(frames: readonly SegmentFrame[]): AssemblyResult {
  const byCount = new Map<number, SegmentFrame>();
  const conflicting = new Set<number>();
  for (const frame of frames) {
    const seen = byCount.get(frame.sequenceCount);
    if (seen === undefined) byCount.set(frame.sequenceCount, frame);
    else if (seen.sequenceFlags !== frame.sequenceFlags || !sameBytes(seen.payload, frame.payload)) {
      conflicting.add(frame.sequenceCount);
    }
  }
  const firsts = [...byCount.values()].filter((f) => f.sequenceFlags === 'first');
  const lasts = [...byCount.values()].filter((f) => f.sequenceFlags === 'last');
  for (const extra of [...firsts.slice(1), ...lasts.slice(1)]) conflicting.add(extra.sequenceCount);
  const firstCount = firsts[0]?.sequenceCount ?? null;
  const lastCount = lasts[0]?.sequenceCount ?? null;

  if (byCount.size === 0) {
    return { complete: false, firstCount, lastCount, missingCounts: [], conflictingCounts: [], strayCounts: [] };
  }
  // Walk from the first (or the earliest count held) to the last (or the furthest count held).
  const start = firstCount ?? circularOrder([...byCount.keys()])[0]!;
  let end = lastCount ?? start;
  if (lastCount === null) {
    for (const count of byCount.keys()) {
      if (sequenceCountDistance(start, count) > sequenceCountDistance(start, end)) end = count;
    }
  }
  const span = sequenceCountDistance(start, end);
  const missingCounts: number[] = [];
  const strayCounts: number[] = [];
  for (const count of byCount.keys()) {
    if (sequenceCountDistance(start, count) > span) strayCounts.push(count);
  }
  for (let step = 0; step <= span; step++) {
    const count = addSequenceCount(start, step);
    const frame = byCount.get(count);
    if (frame === undefined) missingCounts.push(count);
    else if (step > 0 && step < span && frame.sequenceFlags !== 'continuation') conflicting.add(count);
    else if (frame.sequenceFlags === 'standalone') conflicting.add(count);
  }
  const conflictingCounts = [...conflicting].sort(
    (a, b) => sequenceCountDistance(start, a) - sequenceCountDistance(start, b),
  );
  strayCounts.sort((a, b) => sequenceCountDistance(start, a) - sequenceCountDistance(start, b));

  if (
    firstCount === null ||
    lastCount === null ||
    missingCounts.length > 0 ||
    conflictingCounts.length > 0 ||
    strayCounts.length > 0
  ) {
    return { complete: false, firstCount, lastCount, missingCounts, conflictingCounts, strayCounts };
  }
  const parts: Uint8Array[] = [];
  for (let step = 0; step <= span; step++) parts.push(byCount.get(addSequenceCount(start, step))!.payload);
  return { complete: true, payload: concat(parts), firstCount, lastCount, frameCount: span + 1 };
}

/** A group found by {@link groupSegments}: its frames and their verdict. */
export interface SegmentGroup<T extends SegmentFrame> {
  frames: T[];
  result: AssemblyResult;
}

/**
 * Splits a pool of pending multi-frame frames of ONE APID and message type into messages and
 * judges each. The pool must span less than half the count cycle (8192 frames of that APID);
 * the ingest ensures it by taking frames whose OBT is within a few tens of minutes of each
 * other. Frames are walked in count order from the widest gap of the cycle: a `first` opens a
 * group, a `last` closes it, a frame with no open group opens one without its `first`.
 * Standalone frames are not segments and are left out.
 */
export function groupSegments<T extends SegmentFrame>(pool: readonly T[]): SegmentGroup<T>[] {
  const segments = pool.filter((f) => f.sequenceFlags !== 'standalone');
  const order = circularOrder(segments.map((f) => f.sequenceCount));
  const rank = new Map(order.map((count, i) => [count, i]));
  const sorted = [...segments].sort((a, b) => rank.get(a.sequenceCount)! - rank.get(b.sequenceCount)!);
  const groups: T[][] = [];
  let open: T[] | null = null;
  let previous: { count: number; group: T[] } | null = null;
  for (const frame of sorted) {
    let group: T[];
    if (previous !== null && previous.count === frame.sequenceCount) {
      // A copy of the frame just placed (or a conflicting one) joins that frame's group.
      group = previous.group;
      group.push(frame);
    } else if (frame.sequenceFlags === 'first' || open === null) {
      group = [frame];
      groups.push(group);
    } else {
      group = open;
      group.push(frame);
    }
    open = frame.sequenceFlags === 'last' ? null : group;
    previous = { count: frame.sequenceCount, group };
  }
  return groups.map((frames) => ({ frames, result: assembleMessage(frames) }));
}

/**
 * Distinct counts in cycle order, starting after the widest gap of the 16384-count cycle, so
 * 16382, 16383, 0, 1 come out in that order.
 */
export function circularOrder(counts: readonly number[]): number[] {
  const distinct = [...new Set(counts)].sort((a, b) => a - b);
  if (distinct.length < 2) return distinct;
  let widestGap = -1;
  let startIndex = 0;
  for (let i = 0; i < distinct.length; i++) {
    const next = distinct[(i + 1) % distinct.length]!;
    const gap = (next - distinct[i]! + SEQUENCE_COUNT_MODULUS) % SEQUENCE_COUNT_MODULUS;
    if (gap > widestGap) {
      widestGap = gap;
      startIndex = (i + 1) % distinct.length;
    }
  }
  return [...distinct.slice(startIndex), ...distinct.slice(0, startIndex)];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
