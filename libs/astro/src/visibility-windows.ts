/**
 * When a target is observable from the satellite, over a sampled ephemeris: outside the Earth
 * (above the limb plus margins), far enough from the Sun and the Moon, and optionally not in
 * the SAA. Each constraint is a signed margin in degrees (≥ 0 means satisfied), so edges between
 * samples are placed by linear interpolation of the margin, well under the sample step.
 */
import { DEG_PER_RAD, unitVector } from './angles.js';
import type { RaDec } from './angles.js';
import { AstroError, assertFinite } from './errors.js';
import type { Ephemeris } from './ephemeris.js';
import type { TimeWindow } from './next-window.js';

/** Observing constraints of the satellite. */
export interface SatelliteConstraints {
  /** Minimum angle of the target above the Earth's limb (including the atmosphere), degrees. */
  earthLimbMarginDeg: number;
  /** Height of atmosphere added to the Earth's radius for the limb, km (e.g. 100). */
  atmosphereKm: number;
  /** Minimum target–Sun angle, degrees (0 disables). */
  sunAvoidanceDeg: number;
  /** Minimum target–Moon angle seen from the satellite, degrees (0 disables). */
  moonAvoidanceDeg: number;
  /** When true, samples with the satellite in the SAA are not observable. */
  avoidSaa: boolean;
}

/**
 * Spherical Earth of the WGS84 equatorial radius: the real limb is up to 21 km lower towards
 * the poles, i.e. this overestimates the limb by ≤ 0.4° at 630 km — on the safe side.
 */
export const EARTH_RADIUS_KM = 6378.137;

/** Angle between two 3-vectors stored at offsets in flat arrays (atan2 form: exact near 0/180). */
function angleDeg(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz) * DEG_PER_RAD;
}

/**
 * Margin of each sample in degrees: the smallest of the constraint margins, −Infinity in the SAA
 * when it is avoided. Exposed for plotting and for the scheduler's scoring.
 */
export function constraintMargins(
  ephemeris: Ephemeris,
  target: RaDec,
  constraints: SatelliteConstraints,
): Float64Array {
  assertFinite(target.raDeg, 'raDeg');
  assertFinite(target.decDeg, 'decDeg');
  for (const key of ['earthLimbMarginDeg', 'atmosphereKm', 'sunAvoidanceDeg', 'moonAvoidanceDeg'] as const) {
    assertFinite(constraints[key], key);
  }
  if (constraints.atmosphereKm < 0)
    throw new AstroError('ASTRO_BAD_INPUT', 'atmosphereKm must be ≥ 0', { field: 'atmosphereKm' });
  const [tx, ty, tz] = unitVector(target.raDeg, target.decDeg);
  const { count, gcrsKm: p, sunUnit: s, moonKm: m, inSaa } = ephemeris;
  const limbRadiusKm = EARTH_RADIUS_KM + constraints.atmosphereKm;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (constraints.avoidSaa && inSaa[i] === 1) {
      out[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const x = p[3 * i]!;
    const y = p[3 * i + 1]!;
    const z = p[3 * i + 2]!;
    const r = Math.sqrt(x * x + y * y + z * z);
    // Earth's apparent angular radius from the satellite; the target must be farther than
    // that from the nadir, plus the margin.
    const limbDeg = Math.asin(Math.min(1, limbRadiusKm / r)) * DEG_PER_RAD;
    let margin = angleDeg(tx, ty, tz, -x, -y, -z) - limbDeg - constraints.earthLimbMarginDeg;
    if (constraints.sunAvoidanceDeg > 0) {
      margin = Math.min(
        margin,
        angleDeg(tx, ty, tz, s[3 * i]!, s[3 * i + 1]!, s[3 * i + 2]!) - constraints.sunAvoidanceDeg,
      );
    }
    if (constraints.moonAvoidanceDeg > 0) {
      const mx = m[3 * i]! - x;
      const my = m[3 * i + 1]! - y;
      const mz = m[3 * i + 2]! - z;
      margin = Math.min(margin, angleDeg(tx, ty, tz, mx, my, mz) - constraints.moonAvoidanceDeg);
    }
    out[i] = margin;
  }
  return out;
}

/** Time (ms) where the margin crosses 0 between samples i−1 and i, linear; at sample i if not finite. */
function crossingMs(ephemeris: Ephemeris, margins: Float64Array, i: number): number {
  const a = margins[i - 1]!;
  const b = margins[i]!;
  const stepMs = ephemeris.stepS * 1000;
  const tI = ephemeris.startMs + i * stepMs;
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return tI;
  return tI - stepMs + (a / (a - b)) * stepMs;
}

/**
 * Windows in which `target` is observable under `constraints`, within the ephemeris span.
 * Edges are interpolated between samples (SAA edges fall on samples); a window open at either
 * end of the ephemeris is cut there.
 */
export function visibilityWindows(
  ephemeris: Ephemeris,
  target: RaDec,
  constraints: SatelliteConstraints,
): TimeWindow[] {
  const margins = constraintMargins(ephemeris, target, constraints);
  const windows: TimeWindow[] = [];
  let startMs: number | null = null;
  for (let i = 0; i < ephemeris.count; i++) {
    const ok = margins[i]! >= 0;
    if (ok && startMs === null) startMs = i === 0 ? ephemeris.startMs : crossingMs(ephemeris, margins, i);
    else if (!ok && startMs !== null) {
      windows.push({
        start: new Date(Math.round(startMs)),
        end: new Date(Math.round(crossingMs(ephemeris, margins, i))),
      });
      startMs = null;
    }
  }
  if (startMs !== null) {
    windows.push({
      start: new Date(Math.round(startMs)),
      end: new Date(ephemeris.startMs + (ephemeris.count - 1) * ephemeris.stepS * 1000),
    });
  }
  return windows;
}
