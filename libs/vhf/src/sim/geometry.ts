/**
 * The little vector and quaternion algebra the simulator needs to make consistent values:
 * a sky direction, the attitude quaternion, and (θ, φ) in the body frame (ICD section 2).
 * Kept here rather than taken from @svom/astro so the codec stays dependency-free.
 */
import type { Quaternion } from '../fixed-point.js';
import type { Rng } from './rng.js';

export type Vec3 = [number, number, number];

const DEG = Math.PI / 180;

export function quatMultiply(a: readonly number[], b: readonly number[]): Quaternion {
  const [a0, a1, a2, a3] = a as Quaternion;
  const [b0, b1, b2, b3] = b as Quaternion;
  return [
    a0 * b0 - a1 * b1 - a2 * b2 - a3 * b3,
    a0 * b1 + a1 * b0 + a2 * b3 - a3 * b2,
    a0 * b2 - a1 * b3 + a2 * b0 + a3 * b1,
    a0 * b3 + a1 * b2 - a2 * b1 + a3 * b0,
  ];
}

export function quatConjugate(q: readonly number[]): Quaternion {
  const [q0, q1, q2, q3] = q as Quaternion;
  return [q0, -q1, -q2, -q3];
}

/** v' = q ⊗ v ⊗ q*: with the attitude quaternion, body to ICRS. */
export function rotate(q: readonly number[], v: readonly number[]): Vec3 {
  const r = quatMultiply(quatMultiply(q, [0, v[0]!, v[1]!, v[2]!]), quatConjugate(q));
  return [r[1], r[2], r[3]];
}

/** Rotation of `angleRad` about the unit vector `axis`. */
export function quatFromAxisAngle(axis: readonly number[], angleRad: number): Quaternion {
  const s = Math.sin(angleRad / 2);
  return [Math.cos(angleRad / 2), axis[0]! * s, axis[1]! * s, axis[2]! * s];
}

/** The shortest rotation taking unit vector `from` to unit vector `to`. */
export function quatBetween(from: Vec3, to: Vec3): Quaternion {
  const dot = from[0] * to[0] + from[1] * to[1] + from[2] * to[2];
  if (dot < -0.999999) {
    // Opposite vectors: any axis perpendicular to `from` does.
    return quatFromAxisAngle(normalize(cross(perpendicular(from), from)), Math.PI);
  }
  const c = cross(from, to);
  return normalizeQuat([1 + dot, c[0], c[1], c[2]]);
}

/** A uniformly random attitude (Shoemake). */
export function randomQuaternion(rng: Rng): Quaternion {
  const u1 = rng.next();
  const u2 = rng.next() * 2 * Math.PI;
  const u3 = rng.next() * 2 * Math.PI;
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  return [a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3)];
}

/** ICRS unit vector of (RA, Dec). */
export function vectorOfRaDec(raDeg: number, decDeg: number): Vec3 {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  return [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)];
}

/** (RA, Dec) of a unit vector: RA = atan2(y, x) mod 360, Dec = asin(z). */
export function raDecOfVector(v: Vec3): { raDeg: number; decDeg: number } {
  const raDeg = (Math.atan2(v[1], v[0]) / DEG + 360) % 360;
  return { raDeg, decDeg: Math.asin(Math.max(-1, Math.min(1, v[2]))) / DEG };
}

/** Body unit vector of (θ, φ): (cos θ, sin θ cos φ, sin θ sin φ). */
export function bodyVectorOf(thetaDeg: number, phiDeg: number): Vec3 {
  const t = thetaDeg * DEG;
  const p = phiDeg * DEG;
  return [Math.cos(t), Math.sin(t) * Math.cos(p), Math.sin(t) * Math.sin(p)];
}

/** (θ, φ) of a body unit vector, θ in [0, 180], φ in [0, 360). */
export function thetaPhiOfBody(v: Vec3): { thetaDeg: number; phiDeg: number } {
  const thetaDeg = Math.acos(Math.max(-1, Math.min(1, v[0]))) / DEG;
  const phiDeg = (Math.atan2(v[2], v[1]) / DEG + 360) % 360;
  return { thetaDeg, phiDeg };
}

/** A direction `offsetDeg` away from unit vector `v`, towards a random position angle. */
export function offsetDirection(rng: Rng, v: Vec3, offsetDeg: number): Vec3 {
  const e1 = normalize(cross(v, perpendicular(v)));
  const e2 = cross(v, e1);
  const psi = rng.uniform(0, 2 * Math.PI);
  const d = offsetDeg * DEG;
  const s = Math.sin(d);
  return normalize([
    Math.cos(d) * v[0] + s * (Math.cos(psi) * e1[0] + Math.sin(psi) * e2[0]),
    Math.cos(d) * v[1] + s * (Math.cos(psi) * e1[1] + Math.sin(psi) * e2[1]),
    Math.cos(d) * v[2] + s * (Math.cos(psi) * e1[2] + Math.sin(psi) * e2[2]),
  ]);
}

/** Angle between two unit vectors, in degrees. */
export function separationDeg(a: Vec3, b: Vec3): number {
  const c = cross(a, b);
  return Math.atan2(Math.hypot(c[0], c[1], c[2]), a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / DEG;
}

function cross(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function normalizeQuat(q: Quaternion): Quaternion {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** Some unit vector not parallel to `v`. */
function perpendicular(v: Vec3): Vec3 {
  return Math.abs(v[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
}
