/**
 * Planner inputs made by hand, without a sky: visible runs and directions chosen by the test,
 * so that the best plan can be worked out by brute force and compared with the planner's.
 */
import type { Work } from '../src/planner/planner.js';
import type { SlewModel } from '../src/planner/slew.js';
import type { Item } from '../src/planner/timeline.js';
import { KIND_PRIORITY, type RequestKind } from '../src/planner/types.js';
import { direction, usableSteps, type Direction } from '../src/planner/visibility.js';

/** The bench's attitude model: 0.5°/s and 60 s settle, at 10 s steps. */
export const SLEW: SlewModel = { rateDegPerS: 0.5, settleS: 60, stepS: 10 };

/** A target on the celestial equator, `raDeg` along it: angles between targets are RA differences. */
export const onEquator = (raDeg: number): Direction => direction(raDeg, 0);

/** A request whose only slice is its whole exposure (`steps` long), visible during `runs`. */
export function work(id: string, kind: RequestKind, dir: Direction, steps: number, runs: number[]): Work {
  return {
    request: {
      id,
      kind,
      raDeg: dir.raDeg,
      decDeg: dir.decDeg,
      exposureS: steps * SLEW.stepS,
      minSliceS: steps * SLEW.stepS,
      earliestMs: 0,
      latestMs: 0,
      cadenceS: null,
      instruments: ['ECLAIRs'],
    },
    priority: KIND_PRIORITY[kind],
    dir,
    runs: Int32Array.from(runs),
    remaining: steps,
    need: steps,
    minSteps: steps,
    cadenceSteps: 0,
    starts: [],
    inSpan: true,
    usable: usableSteps(Int32Array.from(runs), steps),
  };
}

export function fixed(kind: 'start' | 'burst', s: number, e: number, dir: Direction): Item {
  return { s, e, dir, kind, request: -1, runStart: s, label: kind === 'burst' ? 'sb-test' : null };
}
