/**
 * Errors thrown by @svom/astro. Each has a stable `code` so callers (HTTP handlers, the
 * frame decoder) can map them to a problem+json answer without parsing messages.
 */

/** Stable error codes of this library. */
export type AstroErrorCode =
  | 'ASTRO_BAD_INPUT'
  | 'ASTRO_BAD_TIME'
  | 'ASTRO_BAD_QUATERNION'
  | 'TLE_BAD_FORMAT'
  | 'TLE_BAD_CHECKSUM'
  | 'TLE_BAD_FIELD'
  | 'SGP4_FAILED';

/** Base class of every error this library throws. */
export class AstroError extends Error {
  override name = 'AstroError';
  readonly code: AstroErrorCode;
  /** The input field at fault, when one is (e.g. `declinationDeg`, `line2.eccentricity`). */
  readonly field: string | undefined;

  constructor(code: AstroErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
  }
}

/** A two-line element set that fails format, checksum or range checks. */
export class TleError extends AstroError {
  override name = 'TleError';
  constructor(
    code: 'TLE_BAD_FORMAT' | 'TLE_BAD_CHECKSUM' | 'TLE_BAD_FIELD',
    field: string,
    message: string,
    cause?: unknown,
  ) {
    super(code, message, { field, cause });
  }
}

/** SGP4 could not propagate (decayed orbit, eccentricity out of range, ...). */
export class PropagationError extends AstroError {
  override name = 'PropagationError';
  /** satellite.js `SatRecError` number, kept for diagnosis. */
  readonly sgp4Error: number;
  constructor(sgp4Error: number, message: string) {
    super('SGP4_FAILED', message);
    this.sgp4Error = sgp4Error;
  }
}

/** Throws ASTRO_BAD_INPUT unless `value` is a finite number. */
export function assertFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) {
    throw new AstroError('ASTRO_BAD_INPUT', `${field} must be a finite number, got ${value}`, { field });
  }
}
