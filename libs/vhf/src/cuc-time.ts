import { VhfEncodeError } from './encode-error.js';

/**
 * On-board time as the ICD "cuc": whole seconds and 1/65536 s since 2017-01-01T00:00:00Z,
 * counted in UTC (no leap second since that epoch, ICD section 2).
 */
export interface Cuc {
  /** uint32 whole seconds since the epoch. */
  readonly seconds: number;
  /** uint16 fraction of a second, in 1/65536 s. */
  readonly subseconds: number;
}

/** A time an encoder accepts: an ISO 8601 string, a Date, or an exact cuc. */
export type TimeInput = string | Date | Cuc;

/** 2017-01-01T00:00:00Z in Unix milliseconds. */
export const CUC_EPOCH_UNIX_MS = Date.UTC(2017, 0, 1);

/** Unix milliseconds of a cuc, rounded to the millisecond (the resolution of ISO strings here). */
export function cucToUnixMs(seconds: number, subseconds: number): number {
  return CUC_EPOCH_UNIX_MS + seconds * 1000 + Math.round((subseconds * 1000) / 65536);
}

/** ISO 8601 UTC with milliseconds (`2026-02-11T19:24:25.604Z`) of a cuc. */
export function cucToIso(seconds: number, subseconds: number): string {
  return new Date(cucToUnixMs(seconds, subseconds)).toISOString();
}

/**
 * The cuc of a Unix-millisecond time. Exact inverse of {@link cucToUnixMs} for whole
 * milliseconds: a 1/65536 s step is shorter than half a millisecond.
 * @throws VhfEncodeError when the time is before the epoch or past the uint32 range
 */
export function unixMsToCuc(unixMs: number, field = 'time'): Cuc {
  if (!Number.isFinite(unixMs)) {
    throw new VhfEncodeError('VHF_BAD_TIME', field, 'not a valid time');
  }
  const sinceEpochMs = Math.round(unixMs) - CUC_EPOCH_UNIX_MS;
  const seconds = Math.floor(sinceEpochMs / 1000);
  const subseconds = Math.round(((sinceEpochMs - seconds * 1000) * 65536) / 1000);
  if (seconds < 0 || seconds > 0xffffffff) {
    throw new VhfEncodeError('VHF_BAD_TIME', field, `outside the cuc range (2017-01-01 to 2153)`);
  }
  return { seconds, subseconds };
}

/**
 * The cuc of any {@link TimeInput}: a {@link Cuc} is taken as is (checked), a string or Date
 * is rounded to the millisecond.
 * @throws VhfEncodeError on an unparsable or out-of-range time
 */
export function toCuc(time: TimeInput, field = 'time'): Cuc {
  if (typeof time === 'string') return unixMsToCuc(Date.parse(time), field);
  if (time instanceof Date) return unixMsToCuc(time.getTime(), field);
  const { seconds, subseconds } = time;
  if (!isUint(seconds, 0xffffffff) || !isUint(subseconds, 0xffff)) {
    throw new VhfEncodeError('VHF_BAD_TIME', field, 'cuc seconds must be uint32 and subseconds uint16');
  }
  return { seconds, subseconds };
}

/** Unix milliseconds of any {@link TimeInput}. */
export function timeInputToUnixMs(time: TimeInput, field = 'time'): number {
  const cuc = toCuc(time, field);
  return cucToUnixMs(cuc.seconds, cuc.subseconds);
}

function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}
