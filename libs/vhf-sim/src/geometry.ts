/**
 * The attitudes and directions only a simulator needs: random ones, and the rotation that puts a
 * chosen body direction on a target. Everything else (quaternion products, rotations, RA/Dec)
 * is @svom/astro's, so the simulator and the FSC share one geometry.
 */
import { multiplyQuaternions, type Quaternion, type Vec3 } from '@svom/astro';
import type { Rng } from './rng.js';

/** Rotation of `angleRad` about the unit vector `axis`. */
export function quatFromAxisAngle(axis: Vec3, angleRad: number): Quaternion {
  const s = Math.sin(angleRad / 2);
  return [Math.cos(angleRad / 2), axis[0] * s, axis[1] * s, axis[2] * s];
}

/** The shortest rotation taking unit vector `from` to unit vector `to`. */
export function quatBetween(from: Vec3, to: Vec3): Quaternion {
  const dot = from[0] * to[0] + from[1] * to[1] + from[2] * to[2];
  if (dot < -0.999999) {
    // Opposite vectors: any axis perpendicular to `from` does.
    return quatFromAxisAngle(normalize(cross(perpendicular(from), from)), Math.PI);
  }
  const c = cross(from, to);
  const q = [1 + dot, c[0], c[1], c[2]] as const;
  const n = Math.hypot(...q);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** Rotation about `axis` by `angleRad`, after the one that takes `from` to `axis`. */
export function alignThenRoll(from: Vec3, axis: Vec3, angleRad: number): Quaternion {
  return multiplyQuaternions(quatFromAxisAngle(axis, angleRad), quatBetween(from, axis));
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

/** A direction `offsetDeg` away from unit vector `v`, towards a random position angle. */
export function offsetDirection(rng: Rng, v: Vec3, offsetDeg: number): Vec3 {
  const e1 = normalize(cross(v, perpendicular(v)));
  const e2 = cross(v, e1);
  const psi = rng.uniform(0, 2 * Math.PI);
  const d = (offsetDeg * Math.PI) / 180;
  const s = Math.sin(d);
  return normalize([
    Math.cos(d) * v[0] + s * (Math.cos(psi) * e1[0] + Math.sin(psi) * e2[0]),
    Math.cos(d) * v[1] + s * (Math.cos(psi) * e1[1] + Math.sin(psi) * e2[1]),
    Math.cos(d) * v[2] + s * (Math.cos(psi) * e1[2] + Math.sin(psi) * e2[2]),
  ]);
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Some unit vector not parallel to `v`. */
function perpendicular(v: Vec3): Vec3 {
  return Math.abs(v[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
}
