/** Random requests for the bench and the property test: uniform on the sky, seeded. */
import type { Instrument, PlanRequest, RequestKind } from '../src/planner/types.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` requests over `days` from `startMs`: 95 % GP, 3 % ToO-NOM, 1.5 % ToO-MM, 0.5 % ToO-EX;
 * exposures 1-10 ks (ToOs 1-10 ks within 1-2 days of a random start), slices 10-30 min. GP alone
 * asks ~9 times the span: oversubscribed, as the general program is.
 */
export function randomRequests(count: number, startMs: number, days: number, seed: number): PlanRequest[] {
  const rand = mulberry32(seed);
  const spanMs = days * 86_400_000;
  const out: PlanRequest[] = [];
  for (let i = 0; i < count; i++) {
    const u = rand();
    const kind: RequestKind = u < 0.95 ? 'GP' : u < 0.98 ? 'ToO-NOM' : u < 0.995 ? 'ToO-MM' : 'ToO-EX';
    const raDeg = rand() * 360;
    const decDeg = (Math.asin(2 * rand() - 1) * 180) / Math.PI;
    const minSliceS = 600 + Math.floor(rand() * 3) * 600;
    let earliestMs = startMs;
    let latestMs = startMs + spanMs;
    let exposureS = 1000 + Math.floor(rand() * 9000);
    if (kind !== 'GP') {
      earliestMs = startMs + rand() * spanMs * 0.8;
      latestMs = earliestMs + (1 + rand()) * 86_400_000;
      exposureS = 1000 + Math.floor(rand() * 9000);
    }
    exposureS = Math.max(exposureS, minSliceS);
    const instruments: Instrument[] = rand() < 0.8 ? ['MXT', 'VT'] : ['ECLAIRs', 'GRM'];
    out.push({
      id: `r${String(i).padStart(4, '0')}`,
      kind,
      raDeg,
      decDeg,
      exposureS,
      minSliceS,
      earliestMs,
      latestMs,
      cadenceS: null,
      instruments,
    });
  }
  return out;
}
