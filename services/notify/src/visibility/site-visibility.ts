import { nextWindow, observerVisibility } from '@svom/astro';
import type { Site } from '../schemas/subscription.schema.js';

/** What a subscriber's site sees of a position: now, and the next window in `spanHours`. */
export interface Visibility {
  at: string;
  /** Every limit of the site holds now. */
  observableNow: boolean;
  /** Geometric altitude (no refraction), as follow-up computes it. */
  altitudeDeg: number;
  azimuthDeg: number;
  /** Kasten & Young (1989); null below the horizon. */
  airmass: number | null;
  sunAltitudeDeg: number;
  moonDistanceDeg: number;
  moonIllumination: number;
  /** The first window in the span where altitude ≥ horizon, Sun ≤ its limit, Moon far enough. */
  nextWindow: { start: string; end: string } | null;
  limits: { minAltitudeDeg: number; maxSunAltitudeDeg: number; minMoonDistanceDeg: number };
}

export const DEFAULT_MAX_SUN_ALTITUDE_DEG = -12;

/**
 * The same two computations follow-up makes for a facility (`observerVisibility` now and
 * `nextWindow` under the limits, both of @svom/astro), for a subscriber's site.
 */
export function siteVisibility(
  site: Site,
  target: { raDeg: number; decDeg: number },
  now: Date,
  spanHours: number,
): Visibility {
  const place = { latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg, altitudeM: site.altitudeM };
  const limits = {
    minAltitudeDeg: site.horizonDeg,
    maxSunAltitudeDeg: site.maxSunAltitudeDeg ?? DEFAULT_MAX_SUN_ALTITUDE_DEG,
    minMoonDistanceDeg: site.minMoonDistanceDeg ?? 0,
  };
  const sky = observerVisibility(place, target, now);
  const window = nextWindow(place, target, now, spanHours, limits);
  return {
    at: now.toISOString(),
    observableNow: window !== null && window.start.getTime() === now.getTime(),
    altitudeDeg: round(sky.altitudeDeg, 2),
    azimuthDeg: round(sky.azimuthDeg, 2),
    airmass: sky.altitudeDeg > 0 ? round(airmass(sky.altitudeDeg), 3) : null,
    sunAltitudeDeg: round(sky.sunAltitudeDeg, 2),
    moonDistanceDeg: round(sky.moonDistanceDeg, 2),
    moonIllumination: round(sky.moonIllumination, 3),
    nextWindow: window ? { start: window.start.toISOString(), end: window.end.toISOString() } : null,
    limits,
  };
}

/** Relative air mass at this apparent altitude: Kasten & Young, Applied Optics 28 (1989) 4735. */
export function airmass(altitudeDeg: number): number {
  const h = altitudeDeg;
  return 1 / (Math.sin((h * Math.PI) / 180) + 0.50572 * (h + 6.07995) ** -1.6364);
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
