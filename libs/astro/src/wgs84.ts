/**
 * WGS84 geodetic ↔ Earth-fixed Cartesian. astronomy-engine's own ellipsoid (a = 6378.1366 km,
 * f ≈ 1/298.2564) is close to but not WGS84, so the inversion is done here.
 */
import { DEG_PER_RAD, RAD_PER_DEG, wrap180 } from './angles.js';
import type { Vec3 } from './angles.js';

/** WGS84 semi-major axis, km. */
export const WGS84_A_KM = 6378.137;
/** WGS84 flattening. */
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);

/** A WGS84 geodetic position. */
export interface Geodetic {
  /** East positive, in [-180, 180). */
  longitudeDeg: number;
  latitudeDeg: number;
  /** Height above the ellipsoid. */
  altitudeKm: number;
}

/**
 * Earth-fixed (ITRS-like) Cartesian km → WGS84 geodetic, by fixed-point iteration on the latitude
 * (converges to < 1e-12 rad in a few steps for any point outside ~100 km of the centre).
 */
export function ecefToGeodetic(ecefKm: Vec3): Geodetic {
  const [x, y, z] = ecefKm;
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - E2));
  let altitudeKm = 0;
  for (let i = 0; i < 10; i++) {
    const s = Math.sin(lat);
    const n = WGS84_A_KM / Math.sqrt(1 - E2 * s * s);
    // Near the poles p/cos(lat) is ill-conditioned; use the z form of the height there.
    altitudeKm = Math.abs(lat) < Math.PI / 4 ? p / Math.cos(lat) - n : z / s - n * (1 - E2);
    const next = Math.atan2(z, p * (1 - (E2 * n) / (n + altitudeKm)));
    const done = Math.abs(next - lat) < 1e-13;
    lat = next;
    if (done) break;
  }
  return { longitudeDeg: wrap180(Math.atan2(y, x) * DEG_PER_RAD), latitudeDeg: lat * DEG_PER_RAD, altitudeKm };
}

/** WGS84 geodetic → Earth-fixed Cartesian km. */
export function geodeticToEcef(
  latitudeDeg: number,
  longitudeDeg: number,
  altitudeKm: number,
): [number, number, number] {
  const lat = latitudeDeg * RAD_PER_DEG;
  const lon = longitudeDeg * RAD_PER_DEG;
  const s = Math.sin(lat);
  const n = WGS84_A_KM / Math.sqrt(1 - E2 * s * s);
  const r = (n + altitudeKm) * Math.cos(lat);
  return [r * Math.cos(lon), r * Math.sin(lon), (n * (1 - E2) + altitudeKm) * s];
}
