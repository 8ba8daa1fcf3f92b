import { angularSeparationDeg } from '@svom/astro';
import type { BurstPosition } from '../planning/plan-notice.js';

export interface CandidateMatch {
  separationDeg: number | null;
  regionRadiusDeg: number | null;
  regionIvorn: string | null;
  withinErrorRegion: boolean;
}

/**
 * A candidate against the burst's current error region: inside when its distance from the burst
 * position is at most the burst's error radius plus the candidate's own (the two circles meet).
 * A burst without a position, or without an error radius, matches nothing.
 */
export function matchCandidate(
  candidate: { raDeg: number; decDeg: number; errorRadiusDeg: number },
  burst: BurstPosition | null,
): CandidateMatch {
  if (!burst) return { separationDeg: null, regionRadiusDeg: null, regionIvorn: null, withinErrorRegion: false };
  const separationDeg = angularSeparationDeg(candidate.raDeg, candidate.decDeg, burst.raDeg, burst.decDeg);
  const within = burst.errorRadiusDeg !== null && separationDeg <= burst.errorRadiusDeg + candidate.errorRadiusDeg;
  return { separationDeg, regionRadiusDeg: burst.errorRadiusDeg, regionIvorn: burst.ivorn, withinErrorRegion: within };
}
