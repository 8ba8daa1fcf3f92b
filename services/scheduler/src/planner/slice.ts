/**
 * The two rules every placement of a slice obeys, whoever places it (best-fit insertion or the
 * chronological sequencing): how long a slice may be, and how early a cadenced one may start.
 */
import type { Work } from './planner.js';

/** How much of an `available`-step gap to take: all that is needed, never leaving a remainder shorter than a slice. */
export function sliceLength(w: Work, available: number): number {
  if (available <= 0) return 0;
  if (available >= w.remaining) return w.remaining;
  let length = available;
  if (w.remaining - length < w.minSteps) length = w.remaining - w.minSteps;
  return length >= w.minSteps ? length : 0;
}

/** The first start ≥ lo at least a cadence away from every slice already placed (or hi + 1). */
export function cadenceStart(w: Work, lo: number, hi: number): number {
  if (w.cadenceSteps === 0) return lo;
  let at = lo;
  for (let moved = true; moved && at <= hi; ) {
    moved = false;
    for (const s of w.starts) {
      if (Math.abs(at - s) < w.cadenceSteps) {
        at = s + w.cadenceSteps;
        moved = true;
      }
    }
  }
  return at;
}
