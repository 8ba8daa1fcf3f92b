/**
 * @svom/astro: time, coordinates, attitude, orbit and visibility for the SVOM FSC.
 * Angles are degrees, times are `Date` (UTC), distances carry their unit in the name.
 */
export { AstroError, TleError, PropagationError } from './errors.js';
export type { AstroErrorCode } from './errors.js';

export {
  DEG_PER_RAD,
  RAD_PER_DEG,
  degToRad,
  radToDeg,
  arcminToDeg,
  degToArcmin,
  arcsecToDeg,
  degToArcsec,
  wrap360,
  wrap180,
  unitVector,
  vectorToRaDec,
  angularSeparationDeg,
  vectorAngleDeg,
} from './angles.js';
export type { Vec3, RaDec } from './angles.js';

export { isoToDate, dateToIso, addSeconds } from './time.js';

export {
  quaternionNorm,
  normalizeQuaternion,
  multiplyQuaternions,
  conjugateQuaternion,
  rotateBodyToIcrs,
  rotateIcrsToBody,
  quaternionFromAxes,
} from './quaternion.js';
export type { Quaternion } from './quaternion.js';

export { bodyVector, burstDirection, instrumentDirection, pointing, attitudeFromPointing } from './attitude.js';
export type { Pointing } from './attitude.js';

export { toGalactic, fromGalactic } from './galactic.js';
export type { Galactic } from './galactic.js';

export { sunMoonAngles, sunVectorKm, moonVectorKm } from './sun-moon.js';
export type { SunMoonAngles } from './sun-moon.js';

export { WGS84_A_KM, WGS84_F, ecefToGeodetic, geodeticToEcef } from './wgs84.js';
export type { Geodetic } from './wgs84.js';

export {
  gcrsToGeodetic,
  gcrsToEcef,
  ecefToGcrs,
  gcrsToEcefMatrix,
  gastRad,
  precessionNutationMatrix,
} from './earth-frames.js';
export type { Mat3 } from './matrix.js';

export { observerVisibility, toObserver } from './observer-visibility.js';
export type { Site, ObserverVisibility } from './observer-visibility.js';
export { nextWindow } from './next-window.js';
export type { ObservingLimits, TimeWindow, WindowSearchOptions } from './next-window.js';

export { parseTle, formatTle, tleChecksum } from './tle.parser.js';
export type { MeanElements, Tle, TleElements } from './tle.parser.js';
export {
  defaultTle,
  defaultOrbitLines,
  DEFAULT_TLE_LINES,
  DEFAULT_TLE_EPOCH,
  meanMotionForAltitude,
} from './tle.default.js';
export { satelliteState, temeToGcrsMatrix } from './satellite-state.js';
export type { SatelliteState } from './satellite-state.js';
export { buildEphemeris, ephemerisTime } from './ephemeris.js';
export type { Ephemeris, EphemerisOptions } from './ephemeris.js';
export { SAA_POLYGON, inSaa, pointInPolygon } from './saa.js';
export { visibilityWindows, constraintMargins, EARTH_RADIUS_KM } from './visibility-windows.js';
export type { SatelliteConstraints } from './visibility-windows.js';
export { slewTimeS } from './slew.js';
