/**
 * Angle conversions and spherical helpers. Angles are degrees at the API; radians only inside.
 */
import { assertFinite } from './errors.js';

/** A unit (or any) 3-vector in some Cartesian frame named by the caller. */
export type Vec3 = readonly [number, number, number];

/** Equatorial direction (ICRS unless said otherwise). */
export interface RaDec {
  raDeg: number;
  decDeg: number;
}

export const DEG_PER_RAD = 180 / Math.PI;
export const RAD_PER_DEG = Math.PI / 180;

export const degToRad = (deg: number): number => deg * RAD_PER_DEG;
export const radToDeg = (rad: number): number => rad * DEG_PER_RAD;
export const arcminToDeg = (arcmin: number): number => arcmin / 60;
export const degToArcmin = (deg: number): number => deg * 60;
export const arcsecToDeg = (arcsec: number): number => arcsec / 3600;
export const degToArcsec = (deg: number): number => deg * 3600;

/** Wraps an angle into [0, 360). */
export function wrap360(deg: number): number {
  const r = deg % 360;
  // `-0 % 360` and tiny negatives that round up to 360 must both land on [0, 360).
  const w = r < 0 ? r + 360 : r;
  return w >= 360 ? 0 : w + 0;
}

/** Wraps an angle into [-180, 180). */
export function wrap180(deg: number): number {
  return wrap360(deg + 180) - 180;
}

/** Unit vector of a direction given in degrees. */
export function unitVector(raDeg: number, decDeg: number): [number, number, number] {
  const a = raDeg * RAD_PER_DEG;
  const d = decDeg * RAD_PER_DEG;
  const c = Math.cos(d);
  return [c * Math.cos(a), c * Math.sin(a), Math.sin(d)];
}

/**
 * Direction of a vector (need not be unit). Uses atan2 for both angles so a vector a little
 * off unit length (rounding) cannot push asin out of its domain.
 */
export function vectorToRaDec(v: Vec3): RaDec {
  const [x, y, z] = v;
  return { raDeg: wrap360(Math.atan2(y, x) * DEG_PER_RAD), decDeg: Math.atan2(z, Math.hypot(x, y)) * DEG_PER_RAD };
}

/**
 * Great-circle separation of two directions, in degrees, by the Vincenty formula: atan2 keeps
 * full precision at both 0° and 180°, where acos of a dot product loses arcseconds.
 */
export function angularSeparationDeg(raDeg1: number, decDeg1: number, raDeg2: number, decDeg2: number): number {
  assertFinite(raDeg1, 'raDeg1');
  assertFinite(decDeg1, 'decDeg1');
  assertFinite(raDeg2, 'raDeg2');
  assertFinite(decDeg2, 'decDeg2');
  const d1 = decDeg1 * RAD_PER_DEG;
  const d2 = decDeg2 * RAD_PER_DEG;
  const dRa = (raDeg2 - raDeg1) * RAD_PER_DEG;
  const sd1 = Math.sin(d1);
  const cd1 = Math.cos(d1);
  const sd2 = Math.sin(d2);
  const cd2 = Math.cos(d2);
  const cdr = Math.cos(dRa);
  const num1 = cd2 * Math.sin(dRa);
  const num2 = cd1 * sd2 - sd1 * cd2 * cdr;
  const den = sd1 * sd2 + cd1 * cd2 * cdr;
  return Math.atan2(Math.hypot(num1, num2), den) * DEG_PER_RAD;
}

/** Angle between two vectors in degrees (atan2 of cross and dot: stable near 0° and 180°). */
export function vectorAngleDeg(a: Vec3, b: Vec3): number {
  const cx = a[1] * b[2] - a[2] * b[1];
  const cy = a[2] * b[0] - a[0] * b[2];
  const cz = a[0] * b[1] - a[1] * b[0];
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return Math.atan2(Math.hypot(cx, cy, cz), dot) * DEG_PER_RAD;
}
