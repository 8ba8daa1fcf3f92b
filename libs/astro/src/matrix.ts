/**
 * Minimal 3×3 rotation matrices, row-major in a Float64Array, so hot loops (ephemeris,
 * constraints) apply them without allocating astronomy-engine objects.
 */
import { RotateVector, Vector, MakeTime } from 'astronomy-engine';
import type { RotationMatrix } from 'astronomy-engine';
import type { Vec3 } from './angles.js';

/** Row-major 3×3 matrix: out = M · v. */
export type Mat3 = Float64Array;

/** Converts an astronomy-engine RotationMatrix into a row-major Mat3 (by rotating the basis). */
export function fromAstronomyRotation(rotation: RotationMatrix): Mat3 {
  // astronomy-engine stores its matrices transposed relative to the usual M·v convention;
  // rotating the basis vectors sidesteps any doubt about that layout.
  const t = MakeTime(new Date(0));
  const m = new Float64Array(9);
  for (let j = 0; j < 3; j++) {
    const e = RotateVector(rotation, new Vector(j === 0 ? 1 : 0, j === 1 ? 1 : 0, j === 2 ? 1 : 0, t));
    m[j] = e.x;
    m[3 + j] = e.y;
    m[6 + j] = e.z;
  }
  return m;
}

/** M · v. */
export function applyMat3(m: Mat3, v: Vec3): [number, number, number] {
  return [
    m[0]! * v[0] + m[1]! * v[1] + m[2]! * v[2],
    m[3]! * v[0] + m[4]! * v[1] + m[5]! * v[2],
    m[6]! * v[0] + m[7]! * v[1] + m[8]! * v[2],
  ];
}

/** Mᵀ · v (the inverse rotation). */
export function applyMat3Transposed(m: Mat3, v: Vec3): [number, number, number] {
  return [
    m[0]! * v[0] + m[3]! * v[1] + m[6]! * v[2],
    m[1]! * v[0] + m[4]! * v[1] + m[7]! * v[2],
    m[2]! * v[0] + m[5]! * v[1] + m[8]! * v[2],
  ];
}

/** A · B. */
export function multiplyMat3(a: Mat3, b: Mat3): Mat3 {
  const m = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      m[3 * i + j] = a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!;
    }
  }
  return m;
}

/** Frame rotation about z by `angleRad`: the coordinates of a fixed vector in axes turned by +angle. */
export function rotationZ(angleRad: number): Mat3 {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return Float64Array.of(c, s, 0, -s, c, 0, 0, 0, 1);
}
