/**
 * A 7-day plan for 1,000 requests (run: `npx tsx services/scheduler/bench/plan.bench.ts`):
 * wall time of each stage, peak memory, and the priority-weighted observed time as a ratio to
 * the upper bound of src/planner/upper-bound.ts. Prints, never asserts.
 */
import { buildEphemeris, defaultTle } from '@svom/astro';
import { loadSchedulerConfig } from '../src/config.js';
import { constraintsFrom } from '../src/plans/constraints.js';
import { makePlan, prepareSky, type PlanRequest, type RequestKind } from '../src/planner/index.js';
import { randomRequests } from './random-requests.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 7);
const COUNT = Number(process.env.BENCH_REQUESTS ?? 1000);
// The service's own constraints when its environment changes none (README.md, Constraints).
const constraints = constraintsFrom(loadSchedulerConfig({}));

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const start = new Date('2026-03-01T00:00:00Z');
const requests: PlanRequest[] = randomRequests(COUNT, start.getTime(), DAYS, 42);

const t0 = performance.now();
const ephemeris = buildEphemeris(defaultTle(), start, DAYS * 86_400, { stepS: 10 });
const t1 = performance.now();
const sky = prepareSky(ephemeris, constraints);
const t2 = performance.now();
const plan = makePlan({ sky, requests, blocked: [], constraints });
const t3 = performance.now();
peakRss = Math.max(peakRss, process.memoryUsage().rss);
clearInterval(sampler);

const { stats } = plan;
const byKind = new Map<RequestKind, { n: number; planned: number; partial: number }>();
for (const o of plan.outcomes) {
  const k = byKind.get(o.kind) ?? { n: 0, planned: 0, partial: 0 };
  k.n++;
  if (o.status === 'planned') k.planned++;
  if (o.status === 'partial') k.partial++;
  byKind.set(o.kind, k);
}
const reasons = new Map<string, number>();
for (const o of plan.outcomes) if (o.reason) reasons.set(o.reason, (reasons.get(o.reason) ?? 0) + 1);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(`plan: ${DAYS} days, ${COUNT} requests, 10 s resolution (${ephemeris.count} samples)`);
console.log(
  `  ephemeris ${(t1 - t0).toFixed(0)} ms, sky ${(t2 - t1).toFixed(0)} ms, planning ${(t3 - t2).toFixed(0)} ms, total ${(t3 - t0).toFixed(0)} ms`,
);
console.log(`  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
console.log(
  `  observed ${(stats.observedS / 3600).toFixed(1)} h of ${(stats.spanS / 3600).toFixed(1)} h; slewing ${(stats.slewS / 3600).toFixed(1)} h in ${stats.slews} slews; core program ${(stats.coreS / 3600).toFixed(1)} h`,
);
console.log(
  `  priority-weighted observed ${stats.weightedObservedS.toFixed(0)} s, upper bound ${stats.weightedUpperBoundS.toFixed(0)} s: ratio ${pct(stats.weightedObservedS / stats.weightedUpperBoundS)}`,
);
console.log(
  `  observed time (weights all 1) ${(stats.observedS / 3600).toFixed(1)} h, its bound ${(stats.upperBoundS / 3600).toFixed(1)} h: ratio ${pct(stats.observedS / stats.upperBoundS)}`,
);
for (const [kind, k] of byKind) console.log(`  ${kind}: ${k.n} requests, ${k.planned} complete, ${k.partial} partial`);
console.log(`  not complete, by reason: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
