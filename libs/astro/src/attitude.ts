/**
 * Directions in the SVOM body frame (ICD-VHF section 2): +X is the common boresight of
 * ECLAIRs, MXT and VT; (θ, φ) is θ off-axis from +X and φ the azimuth from +Y towards +Z.
 */
import { RAD_PER_DEG, DEG_PER_RAD, unitVector, vectorToRaDec, wrap360 } from './angles.js';
import type { RaDec, Vec3 } from './angles.js';
import { assertFinite } from './errors.js';
import { quaternionFromAxes, rotateBodyToIcrs, rotateIcrsToBody } from './quaternion.js';
import type { Quaternion } from './quaternion.js';

/** Pointing of the boresight (+X) in ICRS with the roll of +Z. */
export interface Pointing extends RaDec {
  /** Position angle of body +Z at the pointing, from north through east, in [0, 360). */
  rollDeg: number;
}

/** d_body = (cos θ, sin θ cos φ, sin θ sin φ). */
export function bodyVector(thetaDeg: number, phiDeg: number): [number, number, number] {
  const t = thetaDeg * RAD_PER_DEG;
  const p = phiDeg * RAD_PER_DEG;
  const s = Math.sin(t);
  return [Math.cos(t), s * Math.cos(p), s * Math.sin(p)];
}

/** ICRS direction of an instrument-frame position (θ, φ) under `attitude`. */
export function burstDirection(thetaDeg: number, phiDeg: number, attitude: Quaternion): RaDec {
  assertFinite(thetaDeg, 'thetaDeg');
  assertFinite(phiDeg, 'phiDeg');
  return vectorToRaDec(rotateBodyToIcrs(attitude, bodyVector(thetaDeg, phiDeg)));
}

/** (θ, φ) in the body frame of an ICRS direction: the inverse of `burstDirection`. */
export function instrumentDirection(
  raDeg: number,
  decDeg: number,
  attitude: Quaternion,
): { thetaDeg: number; phiDeg: number } {
  const [x, y, z] = rotateIcrsToBody(attitude, unitVector(raDeg, decDeg));
  return { thetaDeg: Math.atan2(Math.hypot(y, z), x) * DEG_PER_RAD, phiDeg: wrap360(Math.atan2(z, y) * DEG_PER_RAD) };
}

/** Local north and east unit vectors on the sky at a direction (east towards increasing RA). */
export function northEast(raDeg: number, decDeg: number): { north: Vec3; east: Vec3 } {
  const a = raDeg * RAD_PER_DEG;
  const d = decDeg * RAD_PER_DEG;
  return {
    north: [-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)],
    east: [-Math.sin(a), Math.cos(a), 0],
  };
}

/**
 * Pointing (body +X in ICRS) and roll (position angle of body +Z there, north through east).
 * At a celestial pole north is taken along RA 0 rotated as `northEast` defines it, so the roll
 * stays defined but is conventional.
 */
export function pointing(attitude: Quaternion): Pointing {
  const x = rotateBodyToIcrs(attitude, [1, 0, 0]);
  const z = rotateBodyToIcrs(attitude, [0, 0, 1]);
  const { raDeg, decDeg } = vectorToRaDec(x);
  const { north, east } = northEast(raDeg, decDeg);
  const zn = z[0] * north[0] + z[1] * north[1] + z[2] * north[2];
  const ze = z[0] * east[0] + z[1] * east[1] + z[2] * east[2];
  return { raDeg, decDeg, rollDeg: wrap360(Math.atan2(ze, zn) * DEG_PER_RAD) };
}

/**
 * The attitude quaternion that points body +X at (raDeg, decDeg) with body +Z at position angle
 * `rollDeg`: the inverse of `pointing`. Simulators and tests build frames with it.
 */
export function attitudeFromPointing(raDeg: number, decDeg: number, rollDeg: number): Quaternion {
  assertFinite(raDeg, 'raDeg');
  assertFinite(decDeg, 'decDeg');
  assertFinite(rollDeg, 'rollDeg');
  const x = unitVector(raDeg, decDeg);
  const { north, east } = northEast(raDeg, decDeg);
  const r = rollDeg * RAD_PER_DEG;
  const c = Math.cos(r);
  const s = Math.sin(r);
  const z: Vec3 = [c * north[0] + s * east[0], c * north[1] + s * east[1], c * north[2] + s * east[2]];
  // Right-handed body frame: Y = Z × X.
  const y: Vec3 = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
  return quaternionFromAxes(x, y, z);
}
