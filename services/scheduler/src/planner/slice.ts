/**
 * The two rules every placement of a slice obeys, whoever places it (best-fit insertion or the
 * chronological sequencing): how long a slice may be, and how early a cadenced one may start.
 */
import type { Work } from './planner.js';

/** How much of an `available`-step gap to take: all that is needed, never leaving a remainder shorter than a slice. */
export function sliceLength(w: Work, available: number): number {
  return sliceSteps(w.remaining, w.minSteps, available);
}

/** `sliceLength` from the numbers alone, for loops that keep them in typed arrays. */
export function sliceSteps(remaining: number, minSteps: number, available: number): number {
  if (available <= 0) return 0;
  if (available >= remaining) return remaining;
  let length = available;
  if (remaining - length < minSteps) length = remaining - minSteps;
  return length >= minSteps ? length : 0;
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
