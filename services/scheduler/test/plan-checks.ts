/**
 * Everything a plan must never break, checked independently of the planner: constraints
 * re-derived with @svom/astro's constraintMargins (angles and asin, not the planner's dot
 * products) at every sample of every observation, slews with @svom/astro's slewTimeS, no two
 * pointings overlapping, request dates, minimum slice, exposure, cadence, blocked spans, and the
 * upper bounds never exceeded.
 */
import { constraintMargins, slewTimeS, type Ephemeris } from '@svom/astro';
import { expect } from 'vitest';
import {
  SAA_SENSITIVE,
  type BlockedSpan,
  type PlanConstraints,
  type PlanRequest,
  type PlanResult,
} from '../src/planner/index.js';

export interface PlanSetting {
  ephemeris: Ephemeris;
  constraints: PlanConstraints;
  requests: readonly PlanRequest[];
  blocked: readonly BlockedSpan[];
}

export function expectValidPlan(plan: PlanResult, { ephemeris, constraints, requests, blocked }: PlanSetting): void {
  const { startMs, stepS } = ephemeris;
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
  const margins = new Map<string, Float64Array>();
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
    let m = margins.get(r.id);
    if (!m)
      margins.set(
        r.id,
        (m = constraintMargins(ephemeris, r, {
          ...constraints,
          avoidSaa: r.instruments.some((i) => SAA_SENSITIVE.includes(i)),
        })),
      );
    for (let i = (e.startMs - startMs) / 1000 / stepS; i <= (e.endMs - startMs) / 1000 / stepS; i++)
      expect(m[i]!).toBeGreaterThanOrEqual(-1e-9);
  }
  for (const [id, seconds] of observed) {
    const r = byId.get(id)!;
    expect(seconds).toBeLessThanOrEqual(Math.ceil(r.exposureS / stepS) * stepS);
    expect(plan.outcomes.find((o) => o.requestId === id)!.observedS).toBeCloseTo(Math.min(seconds, r.exposureS), 6);
  }
  // Merged observations of one request are contiguous slices: cadence holds between entries.
  for (const [id, list] of starts) {
    const r = byId.get(id)!;
    if (!r.cadenceS) continue;
    const sorted = [...list].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      expect((sorted[i]! - sorted[i - 1]!) / 1000).toBeGreaterThanOrEqual(r.cadenceS - 1e-6);
  }
  expect(plan.stats.weightedObservedS).toBeLessThanOrEqual(plan.stats.weightedUpperBoundS + 1e-6);
  expect(plan.stats.observedS).toBeLessThanOrEqual(plan.stats.upperBoundS + 1e-6);
}
