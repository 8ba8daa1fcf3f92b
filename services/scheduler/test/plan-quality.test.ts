/**
 * The bench's kind of week, shortened to two days (bench/random-requests.ts: 95 % GP, heavily
 * oversubscribed, seeded): the plan is valid in every respect (plan-checks.ts) and stays close
 * to the upper bounds, the equal-weight one included, where slewing is what a plan loses.
 */
import { buildEphemeris, defaultTle } from '@svom/astro';
import { describe, expect, test } from 'vitest';
import { randomRequests } from '../bench/random-requests.js';
import { loadSchedulerConfig } from '../src/config.js';
import { constraintsFrom } from '../src/plans/constraints.js';
import { makePlan, prepareSky } from '../src/planner/index.js';
import { expectValidPlan } from './plan-checks.js';

const START = new Date('2026-03-01T00:00:00Z');
const DAYS = 2;
// The service's own constraints when its environment changes none (README.md, Constraints).
const constraints = constraintsFrom(loadSchedulerConfig({}));

describe('plan quality on random requests', () => {
  test('two days, 300 requests: valid, ≥ 99 % of the weighted bound and ≥ 90 % of the equal-weight one', () => {
    const ephemeris = buildEphemeris(defaultTle(), START, DAYS * 86_400, { stepS: 10 });
    const requests = randomRequests(300, START.getTime(), DAYS, 42);
    const plan = makePlan({ sky: prepareSky(ephemeris, constraints), requests, blocked: [], constraints });
    expectValidPlan(plan, { ephemeris, constraints, requests, blocked: [] });
    const { stats } = plan;
    expect(stats.weightedObservedS / stats.weightedUpperBoundS).toBeGreaterThanOrEqual(0.99);
    expect(stats.observedS / stats.upperBoundS).toBeGreaterThanOrEqual(0.9);
  });
});
