/**
 * GCRS (geocentric, ICRS-aligned) ↔ Earth-fixed frame, with precession, nutation and Earth
 * rotation from astronomy-engine (IAU 2006 precession, IAU 2000B nutation, GAST from the Earth
 * rotation angle). Polar motion (< 0.5″, ~15 m) and UT1 − UTC (< 0.9 s, < 0.4 km at the equator)
 * are ignored; the frame bias (23 mas) is inside astronomy-engine's EQJ ≈ ICRS assumption.
 */
import { MakeTime, Rotation_EQJ_EQD, SiderealTime } from 'astronomy-engine';
import type { Vec3 } from './angles.js';
import { assertFinite } from './errors.js';
import { applyMat3, applyMat3Transposed, fromAstronomyRotation, multiplyMat3, rotationZ } from './matrix.js';
import type { Mat3 } from './matrix.js';
import { assertValidDate } from './time.js';
import { ecefToGeodetic } from './wgs84.js';
import type { Geodetic } from './wgs84.js';

/** Precession-nutation matrix: GCRS (EQJ) → true equator and equinox of date (EQD). */
export function precessionNutationMatrix(date: Date): Mat3 {
  return fromAstronomyRotation(Rotation_EQJ_EQD(MakeTime(date)));
}

/** Greenwich apparent sidereal time in radians (UT1 taken as UTC). */
export function gastRad(date: Date): number {
  return (SiderealTime(MakeTime(date)) * Math.PI) / 12;
}

/** GCRS → Earth-fixed (ITRS without polar motion) rotation at `date`. */
export function gcrsToEcefMatrix(date: Date): Mat3 {
  assertValidDate(date);
  return multiplyMat3(rotationZ(gastRad(date)), precessionNutationMatrix(date));
}

/** Rotates a GCRS vector (any unit) into the Earth-fixed frame at `date`. */
export function gcrsToEcef(v: Vec3, date: Date): [number, number, number] {
  return applyMat3(gcrsToEcefMatrix(date), v);
}

/** Rotates an Earth-fixed vector (any unit) into GCRS at `date`. */
export function ecefToGcrs(v: Vec3, date: Date): [number, number, number] {
  return applyMat3Transposed(gcrsToEcefMatrix(date), v);
}

/**
 * WGS84 longitude, latitude and altitude of a geocentric GCRS position given in metres (the ICD
 * `pos` field).
 */
export function gcrsToGeodetic(positionM: Vec3, date: Date): Geodetic {
  positionM.forEach((c, i) => assertFinite(c, `positionM[${i}]`));
  const ecef = gcrsToEcef([positionM[0] / 1000, positionM[1] / 1000, positionM[2] / 1000], date);
  return ecefToGeodetic(ecef);
}
