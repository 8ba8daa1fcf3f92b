/**
 * The next time window in which a ground site can observe a target under altitude, Sun and
 * Moon limits: a coarse scan, then bisection of each edge.
 */
import { Body, MakeTime } from 'astronomy-engine';
import type { RaDec } from './angles.js';
import { AstroError, assertFinite } from './errors.js';
import { bodyAltitudeDeg, moonDistanceDeg, targetHorizon, toObserver } from './observer-visibility.js';
import type { Site } from './observer-visibility.js';
import { assertValidDate } from './time.js';

/** Observing limits of a ground facility. */
export interface ObservingLimits {
  /** Target geometric altitude must be at least this. */
  minAltitudeDeg: number;
  /** Sun geometric altitude must be at most this (e.g. −12 for nautical night). */
  maxSunAltitudeDeg: number;
  /** Topocentric target–Moon angle must be at least this (0 disables). */
  minMoonDistanceDeg: number;
}

/** A time interval, start included. */
export interface TimeWindow {
  start: Date;
  end: Date;
}

/** Search tuning. */
export interface WindowSearchOptions {
  /** Coarse scan step; a window shorter than this may be missed. Default 5 min. */
  stepMinutes?: number;
  /** Edge accuracy after bisection. Default 1 s. */
  toleranceS?: number;
}

/**
 * The first window in [from, from + spanHours] where every limit holds, or null. If `from` is
 * already inside a window, `start` is `from`; a window still open at the span's end is cut there.
 * Edges are accurate to `toleranceS` (1 s by default); windows shorter than the scan step
 * (5 min by default) can be missed.
 */
export function nextWindow(
  site: Site,
  target: RaDec,
  from: Date,
  spanHours: number,
  limits: ObservingLimits,
  options: WindowSearchOptions = {},
): TimeWindow | null {
  assertValidDate(from, 'from');
  assertFinite(spanHours, 'spanHours');
  assertFinite(limits.minAltitudeDeg, 'minAltitudeDeg');
  assertFinite(limits.maxSunAltitudeDeg, 'maxSunAltitudeDeg');
  assertFinite(limits.minMoonDistanceDeg, 'minMoonDistanceDeg');
  const stepMs = (options.stepMinutes ?? 5) * 60_000;
  const toleranceMs = (options.toleranceS ?? 1) * 1000;
  if (!(spanHours > 0) || !(stepMs > 0) || !(toleranceMs > 0)) {
    throw new AstroError('ASTRO_BAD_INPUT', 'spanHours, stepMinutes and toleranceS must be positive', {
      field: 'spanHours',
    });
  }
  const observer = toObserver(site);
  const ok = (ms: number): boolean => {
    const time = MakeTime(new Date(ms));
    // Cheapest test first: a target below the limit needs neither Sun nor Moon.
    if (targetHorizon(observer, target, time).altitudeDeg < limits.minAltitudeDeg) return false;
    if (bodyAltitudeDeg(Body.Sun, observer, time) > limits.maxSunAltitudeDeg) return false;
    return limits.minMoonDistanceDeg <= 0 || moonDistanceDeg(observer, target, time) >= limits.minMoonDistanceDeg;
  };
  /** First instant (within tolerance) in (loMs, hiMs] where ok() === want, given ok(loMs) !== want. */
  const edge = (loMs: number, hiMs: number, want: boolean): number => {
    let lo = loMs;
    let hi = hiMs;
    while (hi - lo > toleranceMs) {
      const mid = (lo + hi) / 2;
      if (ok(mid) === want) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  const t0 = from.getTime();
  const tEnd = t0 + spanHours * 3_600_000;
  let start: number | null = ok(t0) ? t0 : null;
  let prev = t0;
  while (start === null && prev < tEnd) {
    const next = Math.min(prev + stepMs, tEnd);
    if (ok(next)) start = edge(prev, next, true);
    prev = next;
  }
  if (start === null) return null;
  prev = start;
  while (prev < tEnd) {
    const next = Math.min(prev + stepMs, tEnd);
    if (!ok(next)) return { start: new Date(Math.round(start)), end: new Date(Math.round(edge(prev, next, false))) };
    prev = next;
  }
  return { start: new Date(Math.round(start)), end: new Date(tEnd) };
}
