/**
 * The core-program pointing law, as implemented here (README, Pointing law). SVOM's core program
 * (ECLAIRs and GRM waiting for bursts) points roughly anti-solar, so that the Sun stays behind
 * the platform and the night side is observed, and away from the Galactic plane and its bright
 * X-ray sources, which would load ECLAIRs. We take the anti-solar direction and, when it falls
 * within `galacticAvoidanceDeg` of the plane, move it along its Galactic meridian to that
 * latitude. The real law (B1) also avoids Sco X-1 and plans a yearly sky coverage; this one is
 * what the planner needs: where the satellite waits between observations, hence the slews.
 */
import { fromGalactic, toGalactic, vectorToRaDec } from '@svom/astro';
import type { Sky } from './sky.js';
import { direction, type Direction } from './visibility.js';

export function corePointing(sky: Sky, i: number, galacticAvoidanceDeg: number): Direction {
  const s = sky.sunUnit;
  const anti = vectorToRaDec([-s[3 * i]!, -s[3 * i + 1]!, -s[3 * i + 2]!]);
  const gal = toGalactic(anti.raDeg, anti.decDeg);
  if (Math.abs(gal.latDeg) >= galacticAvoidanceDeg) return direction(anti.raDeg, anti.decDeg);
  const moved = fromGalactic(gal.lonDeg, gal.latDeg < 0 ? -galacticAvoidanceDeg : galacticAvoidanceDeg);
  return direction(moved.raDeg, moved.decDeg);
}
