/**
 * Attitude quaternions as the ICD-VHF carries them (section 2): `[q0, q1, q2, q3]` with q0 the
 * scalar part, Hamilton product, and v_icrs = q ⊗ v_body ⊗ q* (q rotates body vectors into ICRS).
 */
import { AstroError } from './errors.js';
import type { Vec3 } from './angles.js';

/** `[q0, q1, q2, q3]`, q0 scalar. */
export type Quaternion = readonly [number, number, number, number];

/** Norm of a quaternion. */
export function quaternionNorm(q: Quaternion): number {
  return Math.hypot(q[0], q[1], q[2], q[3]);
}

/**
 * The unit quaternion along `q`. On-board quaternions are fixed-point (2^-31) and off unit norm
 * by ~1e-9; rotating with an unnormalised q would scale the vector by |q|².
 * Throws ASTRO_BAD_QUATERNION for a zero or non-finite quaternion.
 */
export function normalizeQuaternion(q: Quaternion): Quaternion {
  const n = quaternionNorm(q);
  if (!Number.isFinite(n) || n < 1e-12) {
    throw new AstroError('ASTRO_BAD_QUATERNION', `quaternion cannot be normalised: [${q.join(', ')}]`, {
      field: 'attitude',
    });
  }
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** Hamilton product a ⊗ b. */
export function multiplyQuaternions(a: Quaternion, b: Quaternion): Quaternion {
  const [aw, ax, ay, az] = a;
  const [bw, bx, by, bz] = b;
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}

/** Conjugate q*. */
export function conjugateQuaternion(q: Quaternion): Quaternion {
  return [q[0], -q[1], -q[2], -q[3]];
}

/**
 * Rotates a body-frame vector into ICRS: q ⊗ v ⊗ q*, with q normalised first.
 * Uses the expanded form v + 2w(u×v) + 2u×(u×v), same result as two Hamilton products.
 */
export function rotateBodyToIcrs(attitude: Quaternion, v: Vec3): [number, number, number] {
  const [w, x, y, z] = normalizeQuaternion(attitude);
  const cx = y * v[2] - z * v[1];
  const cy = z * v[0] - x * v[2];
  const cz = x * v[1] - y * v[0];
  const ccx = y * cz - z * cy;
  const ccy = z * cx - x * cz;
  const ccz = x * cy - y * cx;
  return [v[0] + 2 * (w * cx + ccx), v[1] + 2 * (w * cy + ccy), v[2] + 2 * (w * cz + ccz)];
}

/** Rotates an ICRS vector into the body frame: q* ⊗ v ⊗ q. */
export function rotateIcrsToBody(attitude: Quaternion, v: Vec3): [number, number, number] {
  return rotateBodyToIcrs(conjugateQuaternion(attitude), v);
}

/**
 * The unit quaternion of a rotation matrix whose columns are the body axes X, Y, Z expressed in
 * ICRS (Shepperd's method: picks the largest diagonal term, so it never divides by ~0).
 * Sign convention: q0 ≥ 0.
 */
export function quaternionFromAxes(xAxis: Vec3, yAxis: Vec3, zAxis: Vec3): Quaternion {
  const m00 = xAxis[0],
    m10 = xAxis[1],
    m20 = xAxis[2];
  const m01 = yAxis[0],
    m11 = yAxis[1],
    m21 = yAxis[2];
  const m02 = zAxis[0],
    m12 = zAxis[1],
    m22 = zAxis[2];
  const trace = m00 + m11 + m22;
  let q: Quaternion;
  if (trace > 0) {
    const s = 2 * Math.sqrt(1 + trace);
    q = [s / 4, (m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s];
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    q = [(m21 - m12) / s, s / 4, (m01 + m10) / s, (m02 + m20) / s];
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    q = [(m02 - m20) / s, (m01 + m10) / s, s / 4, (m12 + m21) / s];
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    q = [(m10 - m01) / s, (m02 + m20) / s, (m12 + m21) / s, s / 4];
  }
  const unit = normalizeQuaternion(q);
  return unit[0] < 0 ? [-unit[0], -unit[1], -unit[2], -unit[3]] : unit;
}
