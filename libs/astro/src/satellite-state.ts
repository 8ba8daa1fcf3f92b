/**
 * Satellite position from a TLE with SGP4 (satellite.js), expressed in GCRS and WGS84.
 *
 * SGP4 gives TEME (true equator, mean equinox of date). We go TEME → true-of-date by the
 * equation of the equinoxes (GAST − GMST82, the GMST SGP4 itself uses), then to GCRS by the
 * inverse of astronomy-engine's precession-nutation (Vallado, "Revisiting Spacetrack Report #3",
 * 2006, sect. on TEME). That transform is exact to ~1 m; SGP4 itself is good to ~1 km at epoch
 * and degrades by a few km per day. Earth-fixed coordinates come from TEME by GMST82 (the
 * pseudo-Earth-fixed frame), polar motion ignored (~15 m).
 */
import { gstime, sgp4 } from 'satellite.js';
import type { Vec3 } from './angles.js';
import { gastRad, precessionNutationMatrix } from './earth-frames.js';
import { PropagationError } from './errors.js';
import { applyMat3, multiplyMat3, rotationZ } from './matrix.js';
import type { Mat3 } from './matrix.js';
import { assertValidDate } from './time.js';
import type { Tle } from './tle.parser.js';
import { ecefToGeodetic } from './wgs84.js';

/** A satellite's position at one instant. */
export interface SatelliteState {
  /** Geocentric position, ICRS-aligned axes (GCRS), km. */
  gcrsKm: [number, number, number];
  latitudeDeg: number;
  longitudeDeg: number;
  /** WGS84 height. */
  altitudeKm: number;
}

/** TEME → GCRS rotation at `date`: PNᵀ · R3(GMST82 − GAST). Varies slowly (nutation). */
export function temeToGcrsMatrix(date: Date): Mat3 {
  const pn = precessionNutationMatrix(date);
  const pnT = Float64Array.of(pn[0]!, pn[3]!, pn[6]!, pn[1]!, pn[4]!, pn[7]!, pn[2]!, pn[5]!, pn[8]!);
  return multiplyMat3(pnT, rotationZ(gstime(date) - gastRad(date)));
}

/** TEME position at `date` in km; throws PropagationError when SGP4 fails. */
export function propagateTemeKm(tle: Tle, date: Date): [number, number, number] {
  const minutes = (date.getTime() - tle.epoch.getTime()) / 60_000;
  const pv = sgp4(tle.satrec, minutes);
  if (pv === null || tle.satrec.error !== 0) {
    throw new PropagationError(
      tle.satrec.error,
      `SGP4 failed for ${tle.name} at ${date.toISOString()} (error ${tle.satrec.error})`,
    );
  }
  return [pv.position.x, pv.position.y, pv.position.z];
}

/** Pseudo-Earth-fixed (≈ ITRS without polar motion) vector from TEME, by GMST82 at `date`. */
export function temeToEcef(v: Vec3, gmstRad: number): [number, number, number] {
  const c = Math.cos(gmstRad);
  const s = Math.sin(gmstRad);
  return [c * v[0] + s * v[1], -s * v[0] + c * v[1], v[2]];
}

/** GCRS position and WGS84 sub-satellite point at `date`. */
export function satelliteState(tle: Tle, date: Date): SatelliteState {
  assertValidDate(date);
  const teme = propagateTemeKm(tle, date);
  const gcrsKm = applyMat3(temeToGcrsMatrix(date), teme);
  const geo = ecefToGeodetic(temeToEcef(teme, gstime(date)));
  return { gcrsKm, latitudeDeg: geo.latitudeDeg, longitudeDeg: geo.longitudeDeg, altitudeKm: geo.altitudeKm };
}
