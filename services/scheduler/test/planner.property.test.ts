/**
 * No plan of random requests ever breaks a constraint or overlaps two observations. The
 * constraints are re-checked with @svom/astro's constraintMargins (angles and asin, not the
 * planner's dot products) at every sample of every observation; slews are re-derived with
 * @svom/astro's slewTimeS.
 */
import { buildEphemeris, constraintMargins, defaultTle, slewTimeS } from '@svom/astro';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makePlan, prepareSky, SAA_SENSITIVE, type BlockedSpan, type PlanConstraints, type PlanRequest } from '../src/planner/index.js';

const START_MS = Date.parse('2026-03-01T00:00:00Z');
const SPAN_S = 12 * 3600;
const STEP_S = 10;
const constraints: PlanConstraints = { earthLimbMarginDeg: 10, atmosphereKm: 100, sunAvoidanceDeg: 45, moonAvoidanceDeg: 15, slewRateDegPerS: 0.5, slewSettleS: 60, galacticAvoidanceDeg: 10, coreMinS: 600 };
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

const blockedSpan = fc.option(fc.record({ atH: fc.double({ min: 0, max: 11, noNaN: true }), hours: fc.double({ min: 0.2, max: 3, noNaN: true }) }), { nil: null });

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
        const blocked: BlockedSpan[] = block ? [{ startMs: START_MS + block.atH * 3_600_000, endMs: START_MS + (block.atH + block.hours) * 3_600_000, raDeg: 10, decDeg: 20, label: 'sb1' }] : [];
        const plan = makePlan({ sky, requests, blocked, constraints });
        observations += plan.stats.observations;
        const byId = new Map(requests.map((r) => [r.id, r]));
        const pointed = plan.entries.filter((e) => e.kind !== 'slew');
        // No two pointings (observations, core, burst) overlap, in time order.
        for (let i = 1; i < pointed.length; i++) expect(pointed[i]!.startMs).toBeGreaterThanOrEqual(pointed[i - 1]!.endMs);
        // Between two consecutive pointings, the slew fits (bursts slew on their own).
        for (let i = 1; i < pointed.length; i++) {
          const a = pointed[i - 1]!;
          const b = pointed[i]!;
          if (b.kind === 'burst') continue;
          const needS = slewTimeS(a, b, constraints.slewRateDegPerS, constraints.slewSettleS);
          expect((b.startMs - a.endMs) / 1000).toBeGreaterThanOrEqual(needS - 1e-6);
        }
        const observed = new Map<string, number>();
        const starts = new Map<string, number[]>();
        for (const e of plan.entries) {
          if (e.kind !== 'observation') continue;
          const r = byId.get(e.requestId!)!;
          const durationS = (e.endMs - e.startMs) / 1000;
          expect(durationS).toBeGreaterThanOrEqual(Math.min(r.minSliceS, r.exposureS) - 1e-6);
          expect(e.startMs).toBeGreaterThanOrEqual(r.earliestMs);
          expect(e.endMs).toBeLessThanOrEqual(r.latestMs);
          for (const b of blocked) expect(e.endMs <= b.startMs || e.startMs >= b.endMs).toBe(true);
          observed.set(r.id, (observed.get(r.id) ?? 0) + durationS);
          starts.set(r.id, [...(starts.get(r.id) ?? []), e.startMs]);
          const margins = constraintMargins(ephemeris, r, { ...constraints, avoidSaa: r.instruments.some((i) => SAA_SENSITIVE.includes(i)) });
          for (let i = (e.startMs - START_MS) / 1000 / STEP_S; i <= (e.endMs - START_MS) / 1000 / STEP_S; i++) expect(margins[i]!).toBeGreaterThanOrEqual(-1e-9);
        }
        for (const [id, seconds] of observed) {
          const r = byId.get(id)!;
          expect(seconds).toBeLessThanOrEqual(Math.ceil(r.exposureS / STEP_S) * STEP_S);
          expect(plan.outcomes.find((o) => o.requestId === id)!.observedS).toBeCloseTo(Math.min(seconds, r.exposureS), 6);
        }
        // Merged observations of one request are contiguous slices: cadence holds between entries.
        for (const [id, list] of starts) {
          const r = byId.get(id)!;
          if (!r.cadenceS) continue;
          const sorted = [...list].sort((a, b) => a - b);
          for (let i = 1; i < sorted.length; i++) expect((sorted[i]! - sorted[i - 1]!) / 1000).toBeGreaterThanOrEqual(r.cadenceS - 1e-6);
        }
        expect(plan.stats.weightedObservedS).toBeLessThanOrEqual(plan.stats.weightedUpperBoundS + 1e-6);
        expect(plan.stats.observedS).toBeLessThanOrEqual(plan.stats.upperBoundS + 1e-6);
      }),
      { numRuns: 60, seed: Number(process.env.FC_SEED ?? 20261124) },
    );
    // The property is not vacuous: the random plans do observe.
    expect(observations).toBeGreaterThan(60);
  });
});
