/**
 * The chronological sequencing of the general program against brute force, on hand-made inputs
 * (synthetic.ts): targets always visible on the celestial equator, whose slews are worked out
 * from RA differences, and slices that must take a request's whole exposure.
 */
import { describe, expect, test } from 'vitest';
import { sequence } from '../src/planner/sequence.js';
import { slewSteps } from '../src/planner/slew.js';
import { Timeline } from '../src/planner/timeline.js';
import type { Work } from '../src/planner/planner.js';
import type { Direction } from '../src/planner/visibility.js';
import { SLEW, fixed, onEquator, work } from './synthetic.js';

interface Best {
  observed: number;
  slew: number;
}

/**
 * Over every ordered subset of `targets` from pointing `from` released at sample 0, each slice
 * right after its slew and the last one leaving the slew to `next` before `end`: the most
 * observed steps, and the least slewing among the orders that observe that much.
 */
function bruteForce(from: Direction, targets: readonly Work[], end: number, next?: Direction): Best {
  let best: Best = { observed: 0, slew: 0 };
  const visit = (dir: Direction, t: number, observed: number, slew: number, left: readonly Work[]) => {
    if (observed > best.observed || (observed === best.observed && slew < best.slew)) best = { observed, slew };
    left.forEach((w, i) => {
      const into = slewSteps(SLEW, dir, w.dir);
      const done = t + into + w.need;
      if (done + (next ? slewSteps(SLEW, w.dir, next) : 0) > end) return;
      visit(w.dir, done, observed + w.need, slew + into, [...left.slice(0, i), ...left.slice(i + 1)]);
    });
  };
  visit(from, 0, 0, 0, targets);
  return best;
}

function planned(timeline: Timeline, works: readonly Work[]): Best {
  let observed = 0;
  let slew = 0;
  const { items } = timeline;
  for (let k = 1; k < items.length; k++) {
    if (items[k]!.kind !== 'observation') continue;
    observed += items[k]!.e - items[k]!.s;
    slew += slewSteps(SLEW, items[k - 1]!.dir, items[k]!.dir);
  }
  expect(observed).toBe(works.reduce((sum, w) => sum + w.need - w.remaining, 0));
  return { observed, slew };
}

describe('chronological sequencing of the general program', () => {
  test('targets along an arc are observed in the order that slews least, not in the order they were asked', () => {
    const last = 2000;
    const from = onEquator(-15);
    const works = [22, 0, 30, 7, 13].map((ra, i) => work(`r${i}`, 'GP', onEquator(ra), 100, [0, last]));
    const timeline = new Timeline();
    timeline.insert(fixed('start', 0, 0, from));
    sequence(timeline, works, [0, 1, 2, 3, 4], SLEW, last);

    const best = bruteForce(from, works, last);
    expect(best.observed).toBe(500);
    expect(planned(timeline, works)).toEqual(best);
    // The order matters: the requests' own order slews more.
    let askedOrder = 0;
    works.forEach((w, i) => (askedOrder += slewSteps(SLEW, i === 0 ? from : works[i - 1]!.dir, w.dir)));
    expect(best.slew).toBeLessThan(askedOrder);
  });

  test('the look-ahead passes over the best single slice when it leads nowhere before the next fixed item', () => {
    // From 0°: A (8° west, 150 steps) has the best observed/spent ratio on its own, but after it
    // neither B nor C fits before the burst at 274; B then C (14°, 20° east) fill the gap exactly.
    const from = onEquator(0);
    const burst = fixed('burst', 274, 300, onEquator(25));
    const works = [
      work('A', 'GP', onEquator(-8), 150, [0, 300]),
      work('B', 'GP', onEquator(14), 130, [0, 300]),
      work('C', 'GP', onEquator(20), 120, [0, 300]),
    ];
    const timeline = new Timeline();
    timeline.insert(fixed('start', 0, 0, from));
    timeline.insert(burst);
    sequence(timeline, works, [0, 1, 2], SLEW, burst.e);

    const best = bruteForce(from, works, burst.s, burst.dir);
    expect(best.observed).toBe(250);
    expect(planned(timeline, works)).toEqual(best);
    // A alone, the one-step choice, would have observed less.
    expect(works[0]!.need).toBeLessThan(best.observed);
  });
});
