/**
 * Best-fit insertion (the ToOs) against its one subtle rule: a placement is charged for the idle
 * scraps too short to use that it leaves next to its neighbours, so a slice shorter than its gap
 * goes to the end of it that leaves one usable piece rather than two useless ones.
 */
import { describe, expect, test } from 'vitest';
import { fill, type InsertionContext } from '../src/planner/insertion.js';
import { sequence } from '../src/planner/sequence.js';
import { slewSteps } from '../src/planner/slew.js';
import { Timeline } from '../src/planner/timeline.js';
import { SLEW, fixed, onEquator, work } from './synthetic.js';

/**
 * One pointing for everything (no slews): a ToO of 700 steps visible over [100, 1000] before a
 * burst at [1000, 1100], then a GP request of 250 steps visible over [0, 1000].
 */
function planWith(fragmentSteps: number) {
  const at = onEquator(40);
  const timeline = new Timeline();
  timeline.insert(fixed('start', 0, 0, at));
  timeline.insert(fixed('burst', 1000, 1100, at));
  const too = work('too', 'ToO-NOM', at, 700, [100, 1000]);
  const gp = work('gp', 'GP', at, 250, [0, 1000]);
  const ctx: InsertionContext = { timeline, slew: SLEW, last: 1100, fragmentSteps };
  fill(ctx, too, 0);
  sequence(timeline, [too, gp], [1], SLEW, ctx.last);
  return { too, gp, slice: timeline.items.find((i) => i.request === 0)! };
}

describe('best-fit insertion', () => {
  test('a ToO slice leaves its gap in one usable piece, where the general program fits', () => {
    // The planner's threshold: the shortest minimum slice plus two quarter-turn slews.
    const fragmentSteps = 250 + 2 * slewSteps(SLEW, onEquator(0), onEquator(90));
    const charged = planWith(fragmentSteps);
    expect(charged.too.remaining).toBe(0);
    // At the end of its gap: the 300 steps before it hold the GP request.
    expect(charged.slice).toMatchObject({ s: 300, e: 1000 });
    expect(charged.gp.remaining).toBe(0);

    // Uncharged, the slice starts as early as it can and leaves 100 + 200 steps nothing can use.
    const uncharged = planWith(0);
    expect(uncharged.slice).toMatchObject({ s: 100, e: 800 });
    expect(uncharged.gp.remaining).toBe(uncharged.gp.need);
  });
});
