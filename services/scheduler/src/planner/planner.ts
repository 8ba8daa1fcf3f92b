/**
 * The planner (README, Planner): the ToOs by priority-ordered best-fit insertion, then the
 * general program sequenced in time order around them (sequence.ts), then one round of local
 * improvement (left compaction, which merges the idle scraps between observations into usable
 * gaps, and an insertion pass for what is still missing). Every placement keeps these
 * invariants, which the property test checks: observations lie inside their target's visible
 * runs and request bounds, never overlap, leave the slew time to and from their neighbours, are
 * at least the minimum slice long, respect the cadence, and never exceed the exposure.
 */
import { sampleAtOrAfter, sampleAtOrBefore, type Sky } from './sky.js';
import { fill, type InsertionContext } from './insertion.js';
import { sequence } from './sequence.js';
import { slewSteps, type SlewModel } from './slew.js';
import { Timeline } from './timeline.js';
import {
  GP_PRIORITY,
  KIND_PRIORITY,
  SAA_SENSITIVE,
  type BlockedSpan,
  type PlanConstraints,
  type PlanRequest,
} from './types.js';
import { direction, usableSteps, visibleRuns, type Direction, type Runs } from './visibility.js';
import { corePointing } from './pointing-law.js';

/** A request as the planner works on it. */
export interface Work {
  request: PlanRequest;
  priority: number;
  dir: Direction;
  runs: Runs;
  /** Samples still to observe, and the minimum slice, in steps. */
  remaining: number;
  need: number;
  minSteps: number;
  cadenceSteps: number;
  starts: number[];
  inSpan: boolean;
  usable: number;
}

export interface PlanningInput {
  sky: Sky;
  requests: readonly PlanRequest[];
  blocked: readonly BlockedSpan[];
  constraints: PlanConstraints;
  /** Where the satellite points at the first sample (default: the core-program pointing). */
  initial?: { raDeg: number; decDeg: number } | undefined;
}

export interface Placement {
  timeline: Timeline;
  works: Work[];
  slew: SlewModel;
}

export function place(input: PlanningInput): Placement {
  const { sky, constraints } = input;
  const slew: SlewModel = {
    rateDegPerS: constraints.slewRateDegPerS,
    settleS: constraints.slewSettleS,
    stepS: sky.stepS,
  };
  const timeline = new Timeline();
  const initial = input.initial
    ? direction(input.initial.raDeg, input.initial.decDeg)
    : corePointing(sky, 0, constraints.galacticAvoidanceDeg);
  timeline.insert({ s: 0, e: 0, dir: initial, kind: 'start', request: -1, runStart: 0, label: null });
  const blockedSamples: Array<[number, number]> = [];
  for (const b of input.blocked) {
    const s = sampleAtOrBefore(sky, b.startMs);
    const e = sampleAtOrAfter(sky, b.endMs);
    if (b.endMs <= sky.startMs || e < s) continue;
    blockedSamples.push([s, e]);
    timeline.insert({
      s,
      e,
      dir: direction(b.raDeg, b.decDeg),
      kind: 'burst',
      request: -1,
      runStart: s,
      label: b.label,
    });
  }
  const works = input.requests.map((r) => prepareWork(sky, r, blockedSamples));
  const order = works
    .map((w, index) => ({ w, index }))
    .sort(
      (x, y) =>
        y.w.priority - x.w.priority ||
        scarcity(x.w) - scarcity(y.w) ||
        x.w.request.latestMs - y.w.request.latestMs ||
        (x.w.request.id < y.w.request.id ? -1 : 1),
    )
    .map((x) => x.index);
  const last = sky.count - 1;
  const insertion: InsertionContext = { timeline, slew, last, fragmentSteps: fragmentSteps(works, slew) };
  // ToOs first, each where it fits best: a ToO always preempts general-program time.
  for (const index of order) if (works[index]!.priority > GP_PRIORITY) fill(insertion, works[index]!, index);
  sequence(
    timeline,
    works,
    order.filter((index) => works[index]!.priority === GP_PRIORITY && works[index]!.inSpan),
    slew,
    last,
  );
  // Local improvement: compaction opens room; then the unfinished requests try again.
  compactLeft(timeline, works, slew);
  for (const index of order)
    if (works[index]!.remaining > 0 && works[index]!.inSpan) fill(insertion, works[index]!, index);
  return { timeline, works, slew };
}

/**
 * The idle time below which a gap will most likely stay idle: the shortest minimum slice plus
 * two slews of a quarter turn (the mean angle between two directions of a uniform sky is 90°).
 */
function fragmentSteps(works: readonly Work[], slew: SlewModel): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const w of works) if (w.inSpan && w.need > 0) shortest = Math.min(shortest, w.minSteps);
  return shortest === Number.POSITIVE_INFINITY
    ? 0
    : shortest + 2 * Math.ceil((90 / slew.rateDegPerS + slew.settleS) / slew.stepS);
}

/** Lower is scarcer: usable visibility per step still needed. */
function scarcity(w: Work): number {
  return w.need > 0 ? w.usable / w.need : Number.POSITIVE_INFINITY;
}

function prepareWork(sky: Sky, request: PlanRequest, blocked: ReadonlyArray<[number, number]>): Work {
  const stepMs = sky.stepS * 1000;
  const endMs = sky.startMs + (sky.count - 1) * stepMs;
  const dir = direction(request.raDeg, request.decDeg);
  const need = Math.ceil(request.exposureS / sky.stepS - 1e-9);
  const minSteps = Math.max(1, Math.ceil(request.minSliceS / sky.stepS - 1e-9));
  const cadenceSteps = request.cadenceS ? Math.ceil(request.cadenceS / sky.stepS - 1e-9) : 0;
  const base = {
    request,
    priority: KIND_PRIORITY[request.kind],
    dir,
    remaining: need,
    need,
    minSteps,
    cadenceSteps,
    starts: [] as number[],
  };
  if (request.latestMs <= sky.startMs || request.earliestMs >= endMs)
    return { ...base, runs: new Int32Array(0), inSpan: false, usable: 0 };
  const from = sampleAtOrAfter(sky, request.earliestMs);
  const to = sampleAtOrBefore(sky, request.latestMs);
  const avoidSaa = request.instruments.some((i) => SAA_SENSITIVE.includes(i));
  const runs = subtract(visibleRuns(sky, dir.unit, avoidSaa, from, to), blocked);
  return { ...base, runs, inSpan: true, usable: usableSteps(runs, minSteps) };
}

/** Runs minus the blocked spans (a run may touch a block's edge sample: the block holds it). */
function subtract(runs: Runs, blocked: ReadonlyArray<[number, number]>): Runs {
  if (blocked.length === 0) return runs;
  let current = Array.from(runs);
  for (const [s, e] of blocked) {
    const next: number[] = [];
    for (let j = 0; j < current.length; j += 2) {
      const a = current[j]!;
      const b = current[j + 1]!;
      if (b < s || a > e) next.push(a, b);
      else {
        if (a < s) next.push(a, s - 1);
        if (b > e) next.push(e + 1, b);
      }
    }
    current = next;
  }
  return Int32Array.from(current);
}

/**
 * Moves each observation as early as its visible run and the slew from its predecessor allow,
 * so the scraps of idle time between observations gather into gaps later slices can use.
 * Cadenced slices stay put (moving one could bring two starts closer than the cadence).
 */
function compactLeft(timeline: Timeline, works: Work[], slew: SlewModel): void {
  const { items } = timeline;
  for (let k = 1; k < items.length; k++) {
    const it = items[k]!;
    if (it.kind !== 'observation' || works[it.request]!.cadenceSteps > 0) continue;
    const prev = items[k - 1]!;
    const earliest = Math.max(it.runStart, prev.e + slewSteps(slew, prev.dir, it.dir));
    if (earliest >= it.s) continue;
    const w = works[it.request]!;
    const i = w.starts.indexOf(it.s);
    if (i >= 0) w.starts[i] = earliest;
    it.e -= it.s - earliest;
    it.s = earliest;
  }
}
