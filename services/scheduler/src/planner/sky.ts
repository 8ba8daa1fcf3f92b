/**
 * One ephemeris prepared for many targets: every per-sample quantity that does not depend on the
 * target is computed once (limb angle, Moon direction from the satellite), so a target's
 * visibility is three dot products and compares per sample, with no trigonometry. This is what
 * makes 1,000 targets over 7 days at 10 s (60 M sample tests) take a fraction of a second.
 */
import { EARTH_RADIUS_KM, type Ephemeris } from '@svom/astro';
import type { PlanConstraints } from './types.js';

export interface Sky {
  readonly ephemeris: Ephemeris;
  readonly count: number;
  readonly startMs: number;
  readonly stepS: number;
  /** Unit vector from the Earth's centre to the satellite, xyz interleaved. */
  readonly zenith: Float64Array;
  /** A target t clears the limb plus margin when t·zenith ≥ this (−cos(limb + margin)). */
  readonly earthDotMin: Float64Array;
  readonly sunUnit: Float64Array;
  /** Unit vector from the satellite to the Moon. */
  readonly moonUnit: Float64Array;
  readonly inSaa: Uint8Array;
  /** t·sun ≤ this (cos of the avoidance angle). */
  readonly sunDotMax: number;
  readonly moonDotMax: number;
}

const RAD = Math.PI / 180;

export function prepareSky(
  ephemeris: Ephemeris,
  constraints: Pick<PlanConstraints, 'earthLimbMarginDeg' | 'atmosphereKm' | 'sunAvoidanceDeg' | 'moonAvoidanceDeg'>,
): Sky {
  const { count, gcrsKm: p, moonKm: m } = ephemeris;
  const zenith = new Float64Array(3 * count);
  const earthDotMin = new Float64Array(count);
  const moonUnit = new Float64Array(3 * count);
  const limbRadiusKm = EARTH_RADIUS_KM + constraints.atmosphereKm;
  for (let i = 0; i < count; i++) {
    const x = p[3 * i]!;
    const y = p[3 * i + 1]!;
    const z = p[3 * i + 2]!;
    const r = Math.sqrt(x * x + y * y + z * z);
    zenith[3 * i] = x / r;
    zenith[3 * i + 1] = y / r;
    zenith[3 * i + 2] = z / r;
    // Angle from the nadir that the target must exceed; beyond 180° nothing is visible.
    const fromNadirRad = Math.asin(Math.min(1, limbRadiusKm / r)) + constraints.earthLimbMarginDeg * RAD;
    earthDotMin[i] = fromNadirRad >= Math.PI ? 2 : -Math.cos(fromNadirRad);
    const mx = m[3 * i]! - x;
    const my = m[3 * i + 1]! - y;
    const mz = m[3 * i + 2]! - z;
    const mr = Math.sqrt(mx * mx + my * my + mz * mz);
    moonUnit[3 * i] = mx / mr;
    moonUnit[3 * i + 1] = my / mr;
    moonUnit[3 * i + 2] = mz / mr;
  }
  return {
    ephemeris,
    count,
    startMs: ephemeris.startMs,
    stepS: ephemeris.stepS,
    zenith,
    earthDotMin,
    sunUnit: ephemeris.sunUnit,
    moonUnit,
    inSaa: ephemeris.inSaa,
    // 0° avoidance disables the constraint: cos(0) = 1 lets every direction through.
    sunDotMax: constraints.sunAvoidanceDeg > 0 ? Math.cos(constraints.sunAvoidanceDeg * RAD) : 2,
    moonDotMax: constraints.moonAvoidanceDeg > 0 ? Math.cos(constraints.moonAvoidanceDeg * RAD) : 2,
  };
}

/** Index of the sample at or after `ms` (clamped to the ephemeris). */
export function sampleAtOrAfter(sky: Sky, ms: number): number {
  return Math.min(sky.count - 1, Math.max(0, Math.ceil((ms - sky.startMs) / (sky.stepS * 1000) - 1e-9)));
}

/** Index of the sample at or before `ms` (clamped). */
export function sampleAtOrBefore(sky: Sky, ms: number): number {
  return Math.min(sky.count - 1, Math.max(0, Math.floor((ms - sky.startMs) / (sky.stepS * 1000) + 1e-9)));
}

export function sampleMs(sky: Sky, i: number): number {
  return sky.startMs + i * sky.stepS * 1000;
}
