/**
 * A default orbit for SVOM when no real TLE is configured: circular, 630 km, 30° inclination.
 *
 * Synthetic elements, not a real SVOM element set: catalogue number 99999, epoch
 * 2026-01-01T00:00:00Z, RAAN, argument of perigee and mean anomaly 0, no drag (B* = 0).
 * Mean motion from Kepler's third law with the WGS72 constants SGP4 uses
 * (μ = 398600.8 km³/s², Rₑ = 6378.135 km): n = √(μ/a³), a = Rₑ + 630 km ≈ 14.80 rev/day.
 * SGP4's J2 terms make the geodetic altitude wander by ~±12 km around 630 km over an orbit
 * (Earth's flattening); the scheduler only needs the orbit's geometry, not the exact phase.
 */
import { formatTle, parseTle } from './tle.parser.js';
import type { Tle } from './tle.parser.js';

const MU_WGS72_KM3_S2 = 398_600.8;
const RE_WGS72_KM = 6378.135;

/** Mean motion (rev/day) of a circular orbit at `altitudeKm` above the WGS72 equatorial radius. */
export function meanMotionForAltitude(altitudeKm: number): number {
  const a = RE_WGS72_KM + altitudeKm;
  return (Math.sqrt(MU_WGS72_KM3_S2 / (a * a * a)) * 86_400) / (2 * Math.PI);
}

/** Epoch of the default TLE. */
export const DEFAULT_TLE_EPOCH = new Date(Date.UTC(2026, 0, 1));

/**
 * The two lines of the default orbit with its epoch at `epoch`: the same synthetic elements, for
 * a simulation that wants an element set of its own day (`svom simulate`'s general program).
 */
export function defaultOrbitLines(epoch: Date): [string, string] {
  return formatTle({
    satnum: 99999,
    epoch,
    inclinationDeg: 30,
    raanDeg: 0,
    eccentricity: 0,
    argPerigeeDeg: 0,
    meanAnomalyDeg: 0,
    meanMotionRevPerDay: meanMotionForAltitude(630),
    intlDesignator: '24000A',
  });
}

const [line1, line2] = defaultOrbitLines(DEFAULT_TLE_EPOCH);

/** The two lines of the default TLE (checksums computed by `formatTle`). */
export const DEFAULT_TLE_LINES: readonly [string, string] = [line1, line2];

/** The default orbit, parsed. */
export function defaultTle(): Tle {
  return parseTle('SVOM (synthetic 630 km, 30 deg)', line1, line2);
}
