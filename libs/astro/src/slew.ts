/**
 * Slew duration between two pointings, for the scheduler.
 */
import type { RaDec } from './angles.js';
import { angularSeparationDeg } from './angles.js';
import { AstroError } from './errors.js';

/**
 * Seconds to slew from `fromDir` to `toDir`: eigen-axis rotation at a constant `rateDegPerS`
 * (the shortest rotation turns by the great-circle angle between the boresights; roll changes
 * are assumed done during it), plus `settleS` of stabilisation. Acceleration phases are folded
 * into `settleS`. A zero-angle slew costs nothing (no settle).
 */
export function slewTimeS(fromDir: RaDec, toDir: RaDec, rateDegPerS: number, settleS: number): number {
  if (!(rateDegPerS > 0) || !Number.isFinite(rateDegPerS)) {
    throw new AstroError('ASTRO_BAD_INPUT', `rateDegPerS must be positive, got ${rateDegPerS}`, {
      field: 'rateDegPerS',
    });
  }
  if (!(settleS >= 0) || !Number.isFinite(settleS)) {
    throw new AstroError('ASTRO_BAD_INPUT', `settleS must be ≥ 0, got ${settleS}`, { field: 'settleS' });
  }
  const angleDeg = angularSeparationDeg(fromDir.raDeg, fromDir.decDeg, toDir.raDeg, toDir.decDeg);
  return angleDeg === 0 ? 0 : angleDeg / rateDegPerS + settleS;
}
