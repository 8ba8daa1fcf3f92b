/**
 * Best-fit insertion (README, Planner): slices of one request placed, one at a time, where they
 * observe the most net of the extra slewing they cause, in whatever gap of the timeline that is.
 * The ToOs are placed this way, before the general program is sequenced around them.
 */
import type { Work } from './planner.js';
import { cadenceStart, sliceLength } from './slice.js';
import { slewSteps, type SlewModel } from './slew.js';
import type { Timeline } from './timeline.js';

export interface InsertionContext {
  timeline: Timeline;
  slew: SlewModel;
  last: number;
  /**
   * Idle time shorter than this, left between a slice and its neighbour, will most likely stay
   * idle: it counts against the placement that leaves it (README, Planner).
   */
  fragmentSteps: number;
}

/** Places slices of `w` (request `index`) until it is complete or nothing fits. */
export function fill(ctx: InsertionContext, w: Work, index: number): void {
  while (w.remaining > 0) {
    const best = bestCandidate(ctx, w);
    if (!best) return;
    ctx.timeline.insert({
      s: best.at,
      e: best.at + best.length,
      dir: w.dir,
      kind: 'observation',
      request: index,
      runStart: best.runStart,
      label: null,
    });
    w.remaining -= best.length;
    w.starts.push(best.at);
  }
}

interface Candidate {
  at: number;
  length: number;
  score: number;
  runStart: number;
}

/**
 * The placement with the most observed time net of the extra slewing it causes and of the
 * fragments it leaves; a slice shorter than its gap is tried at both ends of it.
 */
function bestCandidate(ctx: InsertionContext, w: Work): Candidate | undefined {
  const { timeline, slew, last } = ctx;
  const { items } = timeline;
  const wasted = (idle: number) => (idle > 0 && idle < ctx.fragmentSteps ? idle : 0);
  let best: Candidate | undefined;
  for (let j = 0; j < w.runs.length; j += 2) {
    const a = w.runs[j]!;
    const b = w.runs[j + 1]!;
    if (b - a < Math.min(w.minSteps, w.remaining)) continue;
    for (let k = timeline.firstAfter(a); k <= items.length; k++) {
      const prev = items[k - 1]!;
      const next = items[k];
      if (prev.s > b) break;
      const into = slewSteps(slew, prev.dir, w.dir);
      const out = next ? slewSteps(slew, w.dir, next.dir) : 0;
      const free = next ? next.s - out : last;
      const hi = Math.min(b, free);
      const lo = cadenceStart(w, Math.max(a, prev.e + into), hi);
      const length = sliceLength(w, hi - lo);
      if (length > 0) {
        const extra = into + out - (next ? slewSteps(slew, prev.dir, next.dir) : 0);
        for (const at of [lo, hi - length]) {
          if (at !== lo && cadenceStart(w, at, hi) !== at) continue;
          const score = length - extra - wasted(at - prev.e - into) - wasted(free - at - length);
          if (!best || score > best.score) best = { at, length, score, runStart: a };
        }
      }
      if (!next || next.s > b) break;
    }
  }
  return best;
}
