import { VoEventError } from './voevent.errors.js';

/**
 * Number and time formats of the real FSC notices (a Python producer): fixed decimals for
 * angles and SNR, Python's `str(float)` for timescales, `isoformat()` for ISOTime.
 */

/** `12.3` → "12.30" for 2 digits. */
export function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** Python `str(float)`: shortest form, with ".0" on whole numbers ("1.0", "20.4"). */
export function pythonFloat(value: number): string {
  const text = String(value);
  return Number.isInteger(value) && !text.includes('e') ? `${text}.0` : text;
}

/** Shortest form without a forced decimal ("8", "8.539406"), as energy bounds are written. */
export function shortest(value: number): string {
  return String(value);
}

/** Parses an ISO 8601 instant to epoch milliseconds, or throws BAD_NOTICE naming the field. */
export function epochMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !/(Z|[+-]00:?00)$/.test(iso)) {
    throw new VoEventError('BAD_NOTICE', `${field} is "${iso}", not an ISO 8601 UTC instant`, { field });
  }
  return ms;
}

/** "2026-02-25T08:51:04.859Z" (Time_Window_Start, Alert_Seq_T0). */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** Python `isoformat()` without zone: microseconds, or none on a whole second (ISOTime). */
export function isoTimeOf(ms: number): string {
  const iso = new Date(ms).toISOString();
  const whole = iso.slice(0, 19);
  const millis = iso.slice(20, 23);
  return millis === '000' ? whole : `${whole}.${millis}000`;
}

/** "2026-02-25T08:52:07+00:00" (Who/Date, whole seconds). */
export function dateIssuedOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** Python bool as the FSC writes it. */
export function pythonBool(value: boolean): string {
  return value ? 'True' : 'False';
}
