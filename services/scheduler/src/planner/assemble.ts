/**
 * From placed items to the published timeline: observations, the slews between them, the
 * core-program pointing in gaps long enough to be worth the two slews, the blocked burst spans;
 * and for every request what it got, or why it got nothing.
 */
import { corePointing } from './pointing-law.js';
import type { Placement, Work } from './planner.js';
import { sampleMs, type Sky } from './sky.js';
import { slewSteps } from './slew.js';
import type { Item } from './timeline.js';
import {
  PRIORITY_WEIGHT,
  type PlanConstraints,
  type PlanEntry,
  type PlanResult,
  type RequestOutcome,
} from './types.js';
import { weightedUpperBoundS } from './upper-bound.js';
import type { Direction } from './visibility.js';

export function assemble(sky: Sky, placement: Placement, constraints: PlanConstraints): PlanResult {
  const { timeline, works, slew } = placement;
  const coreMinSteps = Math.ceil(constraints.coreMinS / sky.stepS);
  const last = sky.count - 1;
  const entries: PlanEntry[] = [];
  const push = (kind: PlanEntry['kind'], s: number, e: number, dir: Direction, requestId: string | null) => {
    if (e <= s) return;
    const previous = entries[entries.length - 1];
    // Consecutive slices of one request are one observation.
    if (
      previous &&
      kind === 'observation' &&
      previous.kind === 'observation' &&
      previous.requestId === requestId &&
      previous.endMs === sampleMs(sky, s)
    ) {
      previous.endMs = sampleMs(sky, e);
      return;
    }
    entries.push({
      kind,
      requestId,
      startMs: sampleMs(sky, s),
      endMs: sampleMs(sky, e),
      raDeg: dir.raDeg,
      decDeg: dir.decDeg,
    });
  };
  const items = timeline.items;
  for (let k = 1; k <= items.length; k++) {
    const prev = items[k - 1]!;
    const next: Item | undefined = items[k];
    const gapEnd = next ? next.s : last;
    // A burst's span includes the satellite's own slew to it: nothing is planned into it.
    const towards = next && next.kind !== 'burst';
    const core = corePointing(sky, Math.min(last, (prev.e + gapEnd) >>> 1), constraints.galacticAvoidanceDeg);
    const toCore = slewSteps(slew, prev.dir, core);
    const fromCore = towards ? slewSteps(slew, core, next.dir) : 0;
    if (gapEnd - prev.e >= toCore + fromCore + coreMinSteps && gapEnd > prev.e) {
      push('slew', prev.e, prev.e + toCore, core, null);
      push('core', prev.e + toCore, gapEnd - fromCore, core, null);
      if (towards) push('slew', gapEnd - fromCore, gapEnd, next.dir, null);
    } else if (towards) {
      push('slew', next.s - slewSteps(slew, prev.dir, next.dir), next.s, next.dir, null);
    }
    if (!next) break;
    if (next.kind === 'burst') push('burst', next.s, next.e, next.dir, next.label);
    else push('observation', next.s, next.e, next.dir, works[next.request]!.request.id);
  }
  const outcomes = works.map((w) => outcome(w, sky.stepS));
  let observedS = 0;
  let weightedObservedS = 0;
  outcomes.forEach((o, i) => {
    observedS += o.observedS;
    weightedObservedS += (PRIORITY_WEIGHT[works[i]!.priority] ?? 1) * o.observedS;
  });
  const sum = (kind: PlanEntry['kind']) =>
    entries.filter((e) => e.kind === kind).reduce((t, e) => t + (e.endMs - e.startMs) / 1000, 0);
  const bound = (flat: boolean) =>
    weightedUpperBoundS(
      sky.count,
      sky.stepS,
      works.map((w) => ({
        priority: flat ? 1 : w.priority,
        capacityS: Math.min(w.request.exposureS, w.usable * sky.stepS),
        runs: w.runs,
        minSteps: w.minSteps,
      })),
    );
  return {
    entries,
    outcomes,
    stats: {
      spanS: last * sky.stepS,
      observedS,
      weightedObservedS,
      weightedUpperBoundS: bound(false),
      upperBoundS: bound(true),
      slewS: sum('slew'),
      coreS: sum('core'),
      burstS: sum('burst'),
      slews: entries.filter((e) => e.kind === 'slew').length,
      observations: entries.filter((e) => e.kind === 'observation').length,
    },
  };
}

function outcome(w: Work, stepS: number): RequestOutcome {
  const steps = w.need - w.remaining;
  const observedS = Math.min(w.request.exposureS, steps * stepS);
  const base = {
    requestId: w.request.id,
    kind: w.request.kind,
    exposureS: w.request.exposureS,
    observedS,
    slices: w.starts.length,
  };
  if (w.remaining === 0) return { ...base, status: 'planned', reason: null, detail: null };
  const status = steps > 0 ? 'partial' : 'unplanned';
  if (!w.inSpan)
    return { ...base, status, reason: 'OUT_OF_SPAN', detail: 'its earliest-latest dates do not meet the plan span' };
  if (w.runs.length === 0)
    return {
      ...base,
      status,
      reason: 'NOT_VISIBLE',
      detail: 'never observable in the span within its dates (Earth, Sun, Moon, SAA)',
    };
  if (w.usable === 0)
    return {
      ...base,
      status,
      reason: 'WINDOWS_TOO_SHORT',
      detail: `no visibility window in the span is as long as its minimum slice (${w.request.minSliceS} s)`,
    };
  if (w.usable < w.need)
    return {
      ...base,
      status,
      reason: 'NOT_ENOUGH_VISIBILITY',
      detail: `only ${w.usable * stepS} s usable in the span for ${w.request.exposureS} s requested`,
    };
  return {
    ...base,
    status,
    reason: 'TIME_TAKEN',
    detail: 'its windows are taken by requests of higher or equal priority, or by slews and blocked spans',
  };
}
