/**
 * Sun and Moon as seen from the Earth's centre, in ICRS-aligned (EQJ) axes.
 */
import { Body, GeoVector, KM_PER_AU, MakeTime } from 'astronomy-engine';
import { unitVector, vectorAngleDeg } from './angles.js';
import type { Vec3 } from './angles.js';
import { assertFinite } from './errors.js';
import { assertValidDate } from './time.js';

/** Geocentric angular distances from a direction to the Sun and the Moon. */
export interface SunMoonAngles {
  sunAngleDeg: number;
  moonAngleDeg: number;
}

/**
 * Apparent geocentric Sun vector in km, EQJ axes: light-time and annual aberration corrected,
 * as a burst notice's "Sun angle" means the Sun where we see it (aberration moves it ~20″).
 */
export function sunVectorKm(date: Date): [number, number, number] {
  const v = GeoVector(Body.Sun, MakeTime(date), true);
  return [v.x * KM_PER_AU, v.y * KM_PER_AU, v.z * KM_PER_AU];
}

/** Geocentric Moon vector in km, EQJ axes. */
export function moonVectorKm(date: Date): [number, number, number] {
  const v = GeoVector(Body.Moon, MakeTime(date), true);
  return [v.x * KM_PER_AU, v.y * KM_PER_AU, v.z * KM_PER_AU];
}

/**
 * Geocentric angles from (raDeg, decDeg) to the Sun and Moon at `date`, as the FSC notices give
 * them. Seen from a satellite at 7000 km the Moon is up to ~1° elsewhere: use the ephemeris
 * constraints (satellite-centred) for avoidance, not this.
 */
export function sunMoonAngles(raDeg: number, decDeg: number, date: Date): SunMoonAngles {
  assertFinite(raDeg, 'raDeg');
  assertFinite(decDeg, 'decDeg');
  assertValidDate(date);
  const d: Vec3 = unitVector(raDeg, decDeg);
  return { sunAngleDeg: vectorAngleDeg(d, sunVectorKm(date)), moonAngleDeg: vectorAngleDeg(d, moonVectorKm(date)) };
}
