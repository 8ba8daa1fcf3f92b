/**
 * A target's visibility over a prepared sky: runs of consecutive samples where every constraint
 * holds. A run [a, b] (inclusive) can host an observation from sample a to sample b; the true
 * window edges lie within one step outside it, so runs are never optimistic.
 */
import { unitVector } from '@svom/astro';
import type { Sky } from './sky.js';

/** Visible runs as flat pairs [a0, b0, a1, b1, ...] of inclusive sample indices. */
export type Runs = Int32Array;

export interface Direction {
  raDeg: number;
  decDeg: number;
  unit: [number, number, number];
}

export function direction(raDeg: number, decDeg: number): Direction {
  return { raDeg, decDeg, unit: unitVector(raDeg, decDeg) };
}

/** Runs of samples in [from, to] where `unit` is observable; `avoidSaa` removes SAA samples. */
export function visibleRuns(
  sky: Sky,
  unit: readonly [number, number, number],
  avoidSaa: boolean,
  from = 0,
  to = sky.count - 1,
): Runs {
  const [tx, ty, tz] = unit;
  const { zenith: z, earthDotMin, sunUnit: s, moonUnit: m, inSaa, sunDotMax, moonDotMax } = sky;
  const out: number[] = [];
  let runStart = -1;
  for (let i = from; i <= to; i++) {
    const k = 3 * i;
    const ok =
      tx * z[k]! + ty * z[k + 1]! + tz * z[k + 2]! >= earthDotMin[i]! &&
      tx * s[k]! + ty * s[k + 1]! + tz * s[k + 2]! <= sunDotMax &&
      tx * m[k]! + ty * m[k + 1]! + tz * m[k + 2]! <= moonDotMax &&
      !(avoidSaa && inSaa[i] === 1);
    if (ok && runStart < 0) runStart = i;
    else if (!ok && runStart >= 0) {
      out.push(runStart, i - 1);
      runStart = -1;
    }
  }
  if (runStart >= 0) out.push(runStart, to);
  return Int32Array.from(out);
}

/** Total length in steps of the runs at least `minSteps` long. */
export function usableSteps(runs: Runs, minSteps: number): number {
  let total = 0;
  for (let j = 0; j < runs.length; j += 2) {
    const len = runs[j + 1]! - runs[j]!;
    if (len >= minSteps) total += len;
  }
  return total;
}
