/**
 * What a ground telescope sees of a target: altitude/azimuth, Sun and Moon altitudes, Moon
 * distance and phase. For the follow-up service deciding whether a facility can observe now.
 *
 * Refraction is NOT applied: altitudes are geometric (airless). Refraction lifts objects by
 * ~0.57° at the horizon, ~0.16° at 5°, ~1.7′ at 30°; follow-up limits are typically ≥ 20° altitude
 * and Sun below −12° or −18°, where geometric altitudes are what the limits mean. Leaving it out
 * also keeps altitude a smooth function of time, which the window search bisects on.
 */
import {
  Body,
  Equator,
  Horizon,
  Illumination,
  MakeTime,
  Observer,
  Rotation_EQJ_EQD,
  RotateVector,
  Vector,
} from 'astronomy-engine';
import type { AstroTime } from 'astronomy-engine';
import { angularSeparationDeg, unitVector, vectorToRaDec } from './angles.js';
import type { RaDec } from './angles.js';
import { AstroError, assertFinite } from './errors.js';
import { assertValidDate } from './time.js';

/** A ground site, WGS84-ish (astronomy-engine's ellipsoid differs from WGS84 by < 1 m). */
export interface Site {
  latitudeDeg: number;
  /** East positive. */
  longitudeDeg: number;
  /** Height above sea level. */
  altitudeM: number;
}

/** The sky at a site at one instant. */
export interface ObserverVisibility {
  /** Geometric altitude of the target (no refraction). */
  altitudeDeg: number;
  /** Azimuth of the target from north through east, [0, 360). */
  azimuthDeg: number;
  /** Geometric altitude of the Sun's centre. */
  sunAltitudeDeg: number;
  /** Geometric altitude of the Moon's centre, topocentric (parallax included). */
  moonAltitudeDeg: number;
  /** Angle from the target to the topocentric Moon. */
  moonDistanceDeg: number;
  /** Illuminated fraction of the Moon's disc, 0 (new) to 1 (full). */
  moonIllumination: number;
}

/** Validates a site and makes the astronomy-engine Observer. */
export function toObserver(site: Site): Observer {
  assertFinite(site.latitudeDeg, 'latitudeDeg');
  assertFinite(site.longitudeDeg, 'longitudeDeg');
  assertFinite(site.altitudeM, 'altitudeM');
  if (Math.abs(site.latitudeDeg) > 90) {
    throw new AstroError('ASTRO_BAD_INPUT', `latitudeDeg out of [-90, 90]: ${site.latitudeDeg}`, {
      field: 'latitudeDeg',
    });
  }
  return new Observer(site.latitudeDeg, site.longitudeDeg, site.altitudeM);
}

/**
 * Altitude/azimuth of an ICRS (J2000) direction. The target is precessed and nutated to the true
 * equator of date first (Horizon wants of-date coordinates; J2000 vs 2026 is ~0.36° in RA).
 * Annual aberration (≤ 20″) is not applied to the target.
 */
export function targetHorizon(
  observer: Observer,
  target: RaDec,
  time: AstroTime,
): { altitudeDeg: number; azimuthDeg: number } {
  const [x, y, z] = unitVector(target.raDeg, target.decDeg);
  const ofDate = RotateVector(Rotation_EQJ_EQD(time), new Vector(x, y, z, time));
  const { raDeg, decDeg } = vectorToRaDec([ofDate.x, ofDate.y, ofDate.z]);
  const h = Horizon(time, observer, raDeg / 15, decDeg);
  return { altitudeDeg: h.altitude, azimuthDeg: h.azimuth };
}

/** Geometric altitude of the Sun or Moon centre, topocentric. */
export function bodyAltitudeDeg(body: Body.Sun | Body.Moon, observer: Observer, time: AstroTime): number {
  const eq = Equator(body, time, observer, true, true);
  return Horizon(time, observer, eq.ra, eq.dec).altitude;
}

/** Topocentric angle from an ICRS target to the Moon. */
export function moonDistanceDeg(observer: Observer, target: RaDec, time: AstroTime): number {
  const moon = Equator(Body.Moon, time, observer, false, true);
  return angularSeparationDeg(target.raDeg, target.decDeg, moon.ra * 15, moon.dec);
}

/** The sky at `site` at `date` for `target` (ICRS). See the file comment on refraction. */
export function observerVisibility(site: Site, target: RaDec, date: Date): ObserverVisibility {
  assertFinite(target.raDeg, 'raDeg');
  assertFinite(target.decDeg, 'decDeg');
  assertValidDate(date);
  const observer = toObserver(site);
  const time = MakeTime(date);
  const { altitudeDeg, azimuthDeg } = targetHorizon(observer, target, time);
  return {
    altitudeDeg,
    azimuthDeg,
    sunAltitudeDeg: bodyAltitudeDeg(Body.Sun, observer, time),
    moonAltitudeDeg: bodyAltitudeDeg(Body.Moon, observer, time),
    moonDistanceDeg: moonDistanceDeg(observer, target, time),
    moonIllumination: Illumination(Body.Moon, time).phase_fraction,
  };
}
