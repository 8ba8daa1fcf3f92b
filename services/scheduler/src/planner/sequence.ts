/**
 * Chronological sequencing of the general program (README, Planner). Its requests are
 * interchangeable (every second observed weighs the same), so what a plan is worth is the time
 * it does not lose to slews and waits. Each gap of the timeline (between the ToOs already
 * placed) is walked from its start; at each step every request is offered its earliest slice
 * from the current pointing (slew in, visible run, minimum slice, cadence, and the slew out to
 * the gap's next item left free), and the slice kept maximises time observed per time spent over
 * itself and the best slice after it. That one-step look-ahead keeps the walk from ending a slice
 * where nothing good follows. Best-fit insertion (still used for the ToOs) chose each slice's
 * place without regard to what would come before and after it, and slewed far more.
 */
import type { Work } from './planner.js';
import { cadenceStart, sliceLength, sliceSteps } from './slice.js';
import { packUnits, slewStepsFrom, type SlewModel } from './slew.js';
import type { Item, Timeline } from './timeline.js';

/** First slices judged with the look-ahead; wider costs time and, on the bench, gains < 0.1 %. */
const LOOKAHEAD_WIDTH = 4;
/** Slew rows kept (4 bytes per request each), reused while the same targets stay in the running. */
const CACHED_ROWS = 256;

interface Slice {
  member: number;
  at: number;
  length: number;
  runStart: number;
  /** Samples from the previous pointing's release to the slice's end: slew, wait and slice. */
  spent: number;
  ratio: number;
}

/** Places slices of the `pool` requests (indices into `works`) into every gap, in time order. */
export function sequence(
  timeline: Timeline,
  works: readonly Work[],
  pool: readonly number[],
  slew: SlewModel,
  last: number,
): void {
  if (pool.length === 0) return;
  const sequencer = new Sequencer(
    pool.map((index) => works[index]!),
    slew,
    last,
  );
  const memberOf = new Map(pool.map((index, member) => [index, member]));
  const { items } = timeline;
  for (let k = 1; k <= items.length; k++) {
    sequencer.enterGap(items[k]);
    for (;;) {
      const prev = items[k - 1]!;
      const slice = sequencer.next(prev, memberOf.get(prev.request));
      if (!slice) break;
      items.splice(k++, 0, {
        s: slice.at,
        e: slice.at + slice.length,
        dir: sequencer.members[slice.member]!.dir,
        kind: 'observation',
        request: pool[slice.member]!,
        runStart: slice.runStart,
        label: null,
      });
      sequencer.take(slice.member, slice.at, slice.length);
    }
  }
}

class Sequencer {
  private readonly units: Float64Array;
  /** Per member, its first run not over before the walk's time (the walk never goes back). */
  private readonly cursor: Int32Array;
  /**
   * Per member, the run at the cursor (−1, −1 past the last) and the numbers a slice needs: the
   * hot loop reads these flat arrays and touches the request only for later runs or a cadence.
   */
  private readonly runA: Int32Array;
  private readonly runB: Int32Array;
  private readonly remaining: Int32Array;
  private readonly minSteps: Int32Array;
  private readonly cadenced: Uint8Array;
  /** Per member, the last sample a slice may end on in the current gap (slew out left free). */
  private readonly endLimit: Int32Array;
  private readonly scratchRow: Int32Array;
  /** Slews in steps from a member to every member, computed once per member asked for. */
  private readonly rows = new Map<number, Int32Array>();
  // The last slice found by `earliestSlice`.
  private at = 0;
  private length = 0;
  private runStart = 0;

  constructor(
    readonly members: readonly Work[],
    private readonly slew: SlewModel,
    private readonly last: number,
  ) {
    this.units = packUnits(members.map((w) => w.dir));
    this.cursor = new Int32Array(members.length);
    this.runA = Int32Array.from(members, (w) => (w.runs.length > 0 ? w.runs[0]! : -1));
    this.runB = Int32Array.from(members, (w) => (w.runs.length > 0 ? w.runs[1]! : -1));
    this.remaining = Int32Array.from(members, (w) => w.remaining);
    this.minSteps = Int32Array.from(members, (w) => w.minSteps);
    this.cadenced = Uint8Array.from(members, (w) => (w.cadenceSteps > 0 ? 1 : 0));
    this.endLimit = new Int32Array(members.length);
    this.scratchRow = new Int32Array(members.length);
  }

  enterGap(next: Item | undefined): void {
    const { endLimit } = this;
    if (!next) endLimit.fill(this.last);
    else {
      slewStepsFrom(this.slew, next.dir, this.units, endLimit);
      for (let m = 0; m < endLimit.length; m++) endLimit[m] = next.s - endLimit[m]!;
    }
  }

  /** The slice to place after `prev` (a member's slice when `member` is set), if any fits in the gap. */
  next(prev: Item, member: number | undefined): Slice | undefined {
    const t = prev.e;
    const { members, cursor, runA, runB } = this;
    for (let m = 0; m < members.length; m++) {
      if (runB[m]! >= t) continue;
      const runs = members[m]!.runs;
      let r = cursor[m]!;
      while (r < runs.length && runs[r + 1]! < t) r += 2;
      cursor[m] = r;
      runA[m] = r < runs.length ? runs[r]! : -1;
      runB[m] = r < runs.length ? runs[r + 1]! : -1;
    }
    const slewIn =
      member === undefined ? slewStepsFrom(this.slew, prev.dir, this.units, this.scratchRow) : this.rowOf(member);
    let best: Slice | undefined;
    let bestRatio = -1;
    for (const first of this.bestFirst(t, slewIn)) {
      const ratio = this.withFollower(first, t);
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = first;
      }
    }
    return best;
  }

  /** The `LOOKAHEAD_WIDTH` first slices of best observed/spent ratio, best first. */
  private bestFirst(t: number, slewIn: Int32Array): Slice[] {
    const top: Slice[] = [];
    for (let m = 0; m < this.members.length; m++) {
      if (!this.earliestSlice(m, t + slewIn[m]!)) continue;
      const spent = this.at + this.length - t;
      const ratio = this.length / spent;
      if (top.length === LOOKAHEAD_WIDTH && ratio <= top[LOOKAHEAD_WIDTH - 1]!.ratio) continue;
      let i = Math.min(top.length, LOOKAHEAD_WIDTH - 1);
      for (; i > 0 && top[i - 1]!.ratio < ratio; i--) top[i] = top[i - 1]!;
      top[i] = { member: m, at: this.at, length: this.length, runStart: this.runStart, spent, ratio };
    }
    return top;
  }

  /** Observed/spent over `first` and the best slice after it, or idle to the gap's end if none. */
  private withFollower(first: Slice, t: number): number {
    const end = first.at + first.length;
    const slewAfter = this.rowOf(first.member);
    this.take(first.member, first.at, first.length);
    let best = first.length / (first.spent + Math.max(0, this.endLimit[first.member]! - end));
    for (let m = 0; m < this.members.length; m++) {
      if (!this.earliestSlice(m, end + slewAfter[m]!)) continue;
      const ratio = (first.length + this.length) / (this.at + this.length - t);
      if (ratio > best) best = ratio;
    }
    this.untake(first.member, first.length);
    return best;
  }

  /** Member m observes `length` steps from `at`. */
  take(m: number, at: number, length: number): void {
    const w = this.members[m]!;
    w.remaining -= length;
    w.starts.push(at);
    this.remaining[m] = w.remaining;
  }

  private untake(m: number, length: number): void {
    const w = this.members[m]!;
    w.remaining += length;
    w.starts.pop();
    this.remaining[m] = w.remaining;
  }

  private rowOf(member: number): Int32Array {
    let row = this.rows.get(member);
    if (!row) {
      if (this.rows.size >= CACHED_ROWS) this.rows.clear();
      row = slewStepsFrom(this.slew, this.members[member]!.dir, this.units, new Int32Array(this.members.length));
      this.rows.set(member, row);
    }
    return row;
  }

  /**
   * The earliest slice of member m starting at or after `earliest` and ending by its limit in
   * the gap, in the first run that can hold one; kept in `at`, `length`, `runStart`.
   */
  private earliestSlice(m: number, earliest: number): boolean {
    const remaining = this.remaining[m]!;
    if (remaining <= 0) return false;
    const limit = this.endLimit[m]!;
    const minSteps = this.minSteps[m]!;
    if (limit - earliest < Math.min(minSteps, remaining)) return false;
    let r = this.cursor[m]!;
    const a = this.runA[m]!;
    const b = this.runB[m]!;
    if (b >= earliest && this.cadenced[m] === 0) {
      if (a > limit) return false;
      const lo = Math.max(a, earliest);
      const length = sliceSteps(remaining, minSteps, Math.min(b, limit) - lo);
      if (length > 0) return this.found(lo, length, a);
      r += 2;
    }
    const w = this.members[m]!;
    const { runs } = w;
    for (; r < runs.length; r += 2) {
      const a = runs[r]!;
      const b = runs[r + 1]!;
      if (a > limit) break;
      if (b < earliest) continue;
      const hi = Math.min(b, limit);
      const lo = cadenceStart(w, Math.max(a, earliest), hi);
      const length = sliceLength(w, hi - lo);
      if (length > 0) return this.found(lo, length, a);
    }
    return false;
  }

  private found(at: number, length: number, runStart: number): true {
    this.at = at;
    this.length = length;
    this.runStart = runStart;
    return true;
  }
}
