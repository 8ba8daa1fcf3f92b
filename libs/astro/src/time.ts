/**
 * ISO 8601 time strings to and from Date. Times inside the library are always `Date` (UTC);
 * UT1 − UTC (< 0.9 s) is ignored everywhere, which moves the Earth's rotation by < 0.004°.
 */
import { AstroError } from './errors.js';

// A full date-time with an explicit zone: a bare "2026-02-11T19:24:23" would be read as local
// time by Date.parse, silently shifting every derived coordinate by the host's UTC offset.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 date-time with a zone (`Z` or `±hh:mm`). Throws ASTRO_BAD_TIME otherwise. */
export function isoToDate(iso: string): Date {
  if (!ISO_WITH_ZONE.test(iso)) {
    throw new AstroError('ASTRO_BAD_TIME', `not an ISO 8601 date-time with a zone: ${JSON.stringify(iso)}`, {
      field: 'time',
    });
  }
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new AstroError('ASTRO_BAD_TIME', `invalid date-time: ${iso}`, { field: 'time' });
  }
  return new Date(ms);
}

/** Formats a Date as ISO 8601 UTC with milliseconds (`2026-02-11T19:24:23.604Z`). */
export function dateToIso(date: Date): string {
  assertValidDate(date);
  return date.toISOString();
}

/** Throws ASTRO_BAD_TIME for an Invalid Date. */
export function assertValidDate(date: Date, field = 'date'): void {
  if (!(date instanceof Date) || !Number.isFinite(date.getTime())) {
    throw new AstroError('ASTRO_BAD_TIME', `${field} is not a valid Date`, { field });
  }
}

/** Adds seconds to a Date (returns a new Date). */
export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
