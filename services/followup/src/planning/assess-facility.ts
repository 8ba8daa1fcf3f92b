import { nextWindow, observerVisibility } from '@svom/astro';
import type { Facility } from './facility.js';
import type { NoticePosition } from '../notices/notice-reader.js';

/** Why a facility gets no request for a position. */
export type NoRequestReason =
  | 'error-region-too-large'
  | 'no-error-radius'
  | 'daylight'
  | 'below-horizon'
  | 'moon-too-close';

export interface SkyNow {
  altitudeDeg: number;
  sunAltitudeDeg: number;
  moonDistanceDeg: number;
}

export type Assessment =
  | { observable: true; now: SkyNow; windowStart: Date; windowEnd: Date }
  | { observable: false; reason: NoRequestReason; now: SkyNow | null; nextWindow: { start: Date; end: Date } | null };

export interface AssessOptions {
  /** How far ahead to look for the next window (24 h). */
  spanHours: number;
  /** A window opening later than this after now is not worth a request yet. */
  maxDelayMinutes: number;
}

/**
 * Can `facility` observe `position` now, or soon? Visibility now (geometric altitude: refraction
 * is ignored, see libs/astro) and the next window in `spanHours`. A request is worth making when
 * the window is open or opens within `maxDelayMinutes`; otherwise the reason is the limit that
 * fails now (the Sun first: a daylight site is "daylight" whatever the target's altitude).
 */
export function assessFacility(
  facility: Facility,
  position: NoticePosition,
  now: Date,
  options: AssessOptions,
): Assessment {
  if (position.errorRadiusDeg === null)
    return { observable: false, reason: 'no-error-radius', now: null, nextWindow: null };
  // The error circle must fit in the field: its diameter against the field's side.
  if (2 * position.errorRadiusDeg > facility.fieldOfViewDeg)
    return { observable: false, reason: 'error-region-too-large', now: null, nextWindow: null };

  const site = {
    latitudeDeg: facility.latitudeDeg,
    longitudeDeg: facility.longitudeDeg,
    altitudeM: facility.altitudeM,
  };
  const target = { raDeg: position.raDeg, decDeg: position.decDeg };
  const sky = observerVisibility(site, target, now);
  const skyNow = {
    altitudeDeg: sky.altitudeDeg,
    sunAltitudeDeg: sky.sunAltitudeDeg,
    moonDistanceDeg: sky.moonDistanceDeg,
  };
  const limits = {
    minAltitudeDeg: facility.minAltitudeDeg,
    maxSunAltitudeDeg: facility.maxSunAltitudeDeg,
    minMoonDistanceDeg: facility.minMoonDistanceDeg,
  };
  const window = nextWindow(site, target, now, options.spanHours, limits);
  if (window && window.start.getTime() - now.getTime() <= options.maxDelayMinutes * 60_000) {
    return { observable: true, now: skyNow, windowStart: window.start, windowEnd: window.end };
  }
  const reason: NoRequestReason =
    sky.sunAltitudeDeg > facility.maxSunAltitudeDeg
      ? 'daylight'
      : sky.altitudeDeg < facility.minAltitudeDeg
        ? 'below-horizon'
        : 'moon-too-close';
  return { observable: false, reason, now: skyNow, nextWindow: window };
}
