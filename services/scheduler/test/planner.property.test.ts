/**
 * No plan of random requests ever breaks a constraint or overlaps two observations
 * (plan-checks.ts re-derives everything with @svom/astro).
 */
import { buildEphemeris, defaultTle } from '@svom/astro';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expectValidPlan } from './plan-checks.js';
import { loadSchedulerConfig } from '../src/config.js';
import { constraintsFrom } from '../src/plans/constraints.js';
import { makePlan, prepareSky, type BlockedSpan, type PlanRequest } from '../src/planner/index.js';

const START_MS = Date.parse('2026-03-01T00:00:00Z');
const SPAN_S = 12 * 3600;
const STEP_S = 10;
// The service's own constraints when its environment changes none (README.md, Constraints).
const constraints = constraintsFrom(loadSchedulerConfig({}));
const ephemeris = buildEphemeris(defaultTle(), new Date(START_MS), SPAN_S, { stepS: STEP_S });
const sky = prepareSky(ephemeris, constraints);

const request = fc.record({
  kind: fc.constantFrom('GP', 'GP', 'ToO-NOM', 'ToO-MM', 'ToO-EX' as const),
  // Integers scaled: fc.double is biased to 0 and the bounds, which puts every target near (0°, 0°), by the Sun in March.
  raDeg: fc.integer({ min: 0, max: 35_999 }).map((x) => x / 100),
  decDeg: fc.integer({ min: -1000, max: 1000 }).map((x) => (Math.asin(x / 1000) * 180) / Math.PI),
  exposureS: fc.integer({ min: 300, max: 8000 }),
  minSliceFraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
  earliestH: fc.double({ min: -2, max: 10, noNaN: true }),
  lengthH: fc.double({ min: 0.5, max: 14, noNaN: true }),
  cadenceS: fc.option(fc.integer({ min: 3000, max: 20_000 }), { nil: null }),
  saa: fc.boolean(),
});

const blockedSpan = fc.option(
  fc.record({ atH: fc.double({ min: 0, max: 11, noNaN: true }), hours: fc.double({ min: 0.2, max: 3, noNaN: true }) }),
  { nil: null },
);

describe('planner properties', () => {
  test('no constraint broken, no overlap, slews fit, bounds and exposure kept', () => {
    let observations = 0;
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 12 }), blockedSpan, (raw, block) => {
        const requests: PlanRequest[] = raw.map((r, i) => {
          const minSliceS = Math.max(60, Math.min(1800, Math.round(r.exposureS * r.minSliceFraction)));
          return {
            id: `r${i}`,
            kind: r.kind,
            raDeg: r.raDeg,
            decDeg: r.decDeg,
            exposureS: r.exposureS,
            minSliceS,
            earliestMs: START_MS + r.earliestH * 3_600_000,
            latestMs: START_MS + (r.earliestH + r.lengthH) * 3_600_000,
            cadenceS: r.cadenceS === null ? null : Math.max(r.cadenceS, minSliceS),
            instruments: r.saa ? ['MXT', 'VT'] : ['ECLAIRs'],
          };
        });
        const blocked: BlockedSpan[] = block
          ? [
              {
                startMs: START_MS + block.atH * 3_600_000,
                endMs: START_MS + (block.atH + block.hours) * 3_600_000,
                raDeg: 10,
                decDeg: 20,
                label: 'sb1',
              },
            ]
          : [];
        const plan = makePlan({ sky, requests, blocked, constraints });
        observations += plan.stats.observations;
        expectValidPlan(plan, { ephemeris, constraints, requests, blocked });
      }),
      { numRuns: 60, seed: Number(process.env.FC_SEED ?? 20261124) },
    );
    // The property is not vacuous: the random plans do observe.
    expect(observations).toBeGreaterThan(60);
  });
});
