/**
 * Two-line element sets: parsing with checksum and range checks, and formatting (so simulators
 * and the default orbit make TLEs whose checksums are right by construction).
 * Column numbers below are 1-based, as in the NORAD/CelesTrak format description.
 */
import { twoline2satrec } from 'satellite.js';
import type { SatRec } from 'satellite.js';
import { TleError } from './errors.js';

/** The mean elements of an element set at its epoch: what a TLE is read into and written from. */
export interface MeanElements {
  /** Element set epoch (UTC). */
  epoch: Date;
  inclinationDeg: number;
  raanDeg: number;
  eccentricity: number;
  argPerigeeDeg: number;
  meanAnomalyDeg: number;
  meanMotionRevPerDay: number;
}

/** A parsed, validated TLE with its SGP4 record. */
export interface Tle extends MeanElements {
  name: string;
  line1: string;
  line2: string;
  /** Catalogue number as written (5 characters, Alpha-5 allowed). */
  satnum: string;
  /** B* drag term, 1/earth radii. */
  bstar: number;
  /** satellite.js SGP4 record, initialised; treat as opaque. */
  readonly satrec: SatRec;
}

/** Mean elements to write as a TLE. */
export interface TleElements extends MeanElements {
  satnum: number;
  bstar?: number;
  classification?: string;
  intlDesignator?: string;
  elementSetNumber?: number;
  revolutionNumber?: number;
}

/** TLE checksum of the first 68 columns: digits summed, '-' counts 1, modulo 10. */
export function tleChecksum(line: string): number {
  let sum = 0;
  for (const ch of line.slice(0, 68)) {
    if (ch >= '0' && ch <= '9') sum += ch.charCodeAt(0) - 48;
    else if (ch === '-') sum += 1;
  }
  return sum % 10;
}

/** Columns [from, to] (1-based, inclusive), trimmed. */
const cols = (line: string, from: number, to: number): string => line.slice(from - 1, to).trim();

function num(
  line: string,
  from: number,
  to: number,
  field: string,
  min: number,
  max: number,
  maxInclusive = true,
): number {
  const text = cols(line, from, to);
  const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value))
    throw new TleError('TLE_BAD_FIELD', field, `${field} (columns ${from}-${to}) is not a number: "${text}"`);
  if (value < min || (maxInclusive ? value > max : value >= max)) {
    throw new TleError(
      'TLE_BAD_FIELD',
      field,
      `${field} = ${value} out of range [${min}, ${max}${maxInclusive ? ']' : ')'}`,
    );
  }
  return value;
}

/** TLE "assumed decimal point" exponent field, e.g. " 12345-4" = 0.12345e-4. */
function expField(line: string, from: number, field: string): number {
  const text = line.slice(from - 1, from + 7);
  const m = /^([ +-])(\d{5})([+-])(\d)$/.exec(text.replace(/^ {1,5}(?=\d)/, (s) => ' ' + '0'.repeat(s.length - 1)));
  if (!m) throw new TleError('TLE_BAD_FIELD', field, `${field} (columns ${from}-${from + 7}) is malformed: "${text}"`);
  const sign = m[1] === '-' ? -1 : 1;
  return sign * Number(`0.${m[2]}`) * 10 ** Number(`${m[3]}${m[4]}`);
}

function checkLine(line: string, n: 1 | 2): void {
  const field = `line${n}`;
  if (line.length !== 69)
    throw new TleError('TLE_BAD_FORMAT', field, `${field} must be 69 characters, got ${line.length}`);
  if (line[0] !== String(n) || line[1] !== ' ')
    throw new TleError('TLE_BAD_FORMAT', field, `${field} must start with "${n} "`);
  const expected = tleChecksum(line);
  const written = line[68];
  if (written !== String(expected)) {
    throw new TleError(
      'TLE_BAD_CHECKSUM',
      `${field}.checksum`,
      `${field} checksum is "${written}", computed ${expected}`,
    );
  }
}

/**
 * Parses and validates a TLE: line lengths and numbers, checksums, matching catalogue numbers,
 * and ranges (inclination 0-180°, angles 0-360°, eccentricity [0, 1), mean motion (0, 20] rev/day,
 * epoch day 1-366). Throws `TleError` with the failing field (e.g. `line2.eccentricity`).
 */
export function parseTle(name: string, line1: string, line2: string): Tle {
  // Trailing blanks and CR from files are not part of the format.
  const l1 = line1.replace(/\s+$/, '');
  const l2 = line2.replace(/\s+$/, '');
  checkLine(l1, 1);
  checkLine(l2, 2);
  const satnum = l1.slice(2, 7);
  if (!/^[0-9A-Z][0-9]{4}$/.test(satnum.replace(/^ +/, (s) => '0'.repeat(s.length)))) {
    throw new TleError('TLE_BAD_FIELD', 'line1.satnum', `catalogue number is malformed: "${satnum}"`);
  }
  if (l2.slice(2, 7) !== satnum) {
    throw new TleError(
      'TLE_BAD_FIELD',
      'line2.satnum',
      `catalogue numbers differ: "${satnum}" and "${l2.slice(2, 7)}"`,
    );
  }
  const year2 = num(l1, 19, 20, 'line1.epochYear', 0, 99);
  const day = num(l1, 21, 32, 'line1.epochDay', 1, 367, false);
  // NORAD convention: two-digit years 57-99 are 1957-1999.
  const year = year2 < 57 ? 2000 + year2 : 1900 + year2;
  const epoch = new Date(Date.UTC(year, 0, 1) + (day - 1) * 86_400_000);
  num(l1, 34, 43, 'line1.meanMotionDot', -1, 1);
  expField(l1, 45, 'line1.meanMotionDdot');
  const bstar = expField(l1, 54, 'line1.bstar');
  const inclinationDeg = num(l2, 9, 16, 'line2.inclination', 0, 180);
  const raanDeg = num(l2, 18, 25, 'line2.raan', 0, 360, false);
  const eccText = cols(l2, 27, 33);
  if (!/^\d{7}$/.test(eccText))
    throw new TleError('TLE_BAD_FIELD', 'line2.eccentricity', `eccentricity must be 7 digits: "${eccText}"`);
  const eccentricity = Number(`0.${eccText}`);
  const argPerigeeDeg = num(l2, 35, 42, 'line2.argPerigee', 0, 360, false);
  const meanAnomalyDeg = num(l2, 44, 51, 'line2.meanAnomaly', 0, 360, false);
  const meanMotionRevPerDay = num(l2, 53, 63, 'line2.meanMotion', 0, 20);
  if (meanMotionRevPerDay === 0)
    throw new TleError('TLE_BAD_FIELD', 'line2.meanMotion', 'mean motion must be positive');

  let satrec: SatRec;
  try {
    satrec = twoline2satrec(l1, l2);
  } catch (cause) {
    throw new TleError('TLE_BAD_FORMAT', 'tle', `satellite.js rejected the TLE: ${String(cause)}`, cause);
  }
  if (satrec.error !== 0) {
    throw new TleError('TLE_BAD_FIELD', 'tle', `SGP4 initialisation failed (satellite.js error ${satrec.error})`);
  }
  return {
    name: name.trim(),
    line1: l1,
    line2: l2,
    satnum,
    epoch,
    inclinationDeg,
    raanDeg,
    eccentricity,
    argPerigeeDeg,
    meanAnomalyDeg,
    meanMotionRevPerDay,
    bstar,
    satrec,
  };
}

/** Writes `x` in the TLE assumed-decimal exponent form, 8 columns: " 12345-4". */
function formatExp(x: number): string {
  if (x === 0) return ' 00000+0';
  // Exponent is one digit: below 1e-10 write a denormal mantissa at 10^-9 (0 under 5e-15).
  let exp = Math.max(-9, Math.floor(Math.log10(Math.abs(x))) + 1);
  let mant = Math.round((Math.abs(x) / 10 ** exp) * 1e5);
  if (mant >= 100_000) {
    mant = 10_000;
    exp += 1;
  }
  if (mant === 0) return ' 00000+0';
  if (exp > 9) throw new TleError('TLE_BAD_FIELD', 'bstar', `cannot write ${x} in TLE exponent form`);
  return `${x < 0 ? '-' : ' '}${String(mant).padStart(5, '0')}${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

const fixed = (x: number, width: number, decimals: number): string => x.toFixed(decimals).padStart(width, ' ');
/** An angle in [0, 360) as 8.4 (359.99996 would otherwise print as 360.0000, out of range). */
const angle8 = (deg: number): string => {
  const text = fixed(((deg % 360) + 360) % 360, 8, 4);
  return text === '360.0000' ? '  0.0000' : text;
};

/** Formats mean elements as the two TLE lines, checksums included. */
export function formatTle(e: TleElements): [string, string] {
  const year = e.epoch.getUTCFullYear();
  const dayOfYear = (e.epoch.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  const satnum = String(e.satnum).padStart(5, '0');
  const body1 =
    `1 ${satnum}${e.classification ?? 'U'} ${(e.intlDesignator ?? '').padEnd(8, ' ')} ` +
    `${String(year % 100).padStart(2, '0')}${dayOfYear.toFixed(8).padStart(12, '0')} ` +
    ` .00000000  00000+0 ${formatExp(e.bstar ?? 0)} 0 ${String(e.elementSetNumber ?? 999).padStart(4, ' ')}`;
  const ecc = Math.round(e.eccentricity * 1e7);
  const body2 =
    `2 ${satnum} ${fixed(e.inclinationDeg, 8, 4)} ${angle8(e.raanDeg)} ${String(ecc).padStart(7, '0')} ` +
    `${angle8(e.argPerigeeDeg)} ${angle8(e.meanAnomalyDeg)} ${fixed(e.meanMotionRevPerDay, 11, 8)}` +
    `${String(e.revolutionNumber ?? 0).padStart(5, ' ')}`;
  return [body1 + tleChecksum(body1), body2 + tleChecksum(body2)];
}
