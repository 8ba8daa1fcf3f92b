import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TLE_EPOCH,
  DEFAULT_TLE_LINES,
  TleError,
  defaultOrbitLines,
  defaultTle,
  formatTle,
  parseTle,
  tleChecksum,
} from '../src/index.js';

// The classic ISS example of the format description (CelesTrak / Wikipedia).
const ISS1 = '1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927';
const ISS2 = '2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537';

/** Replaces columns [from, to] (1-based) and fixes the checksum, to reach the range checks. */
function patch(line: string, from: number, text: string): string {
  const body = line.slice(0, from - 1) + text + line.slice(from - 1 + text.length, 68);
  return body + tleChecksum(body);
}

function catchTle(fn: () => unknown): TleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TleError) return e;
    throw e;
  }
  throw new Error('expected a TleError');
}

describe('parseTle', () => {
  it('parses the ISS example', () => {
    const t = parseTle('ISS (ZARYA)', ISS1, ISS2);
    expect(t.satnum).toBe('25544');
    expect(t.epoch.toISOString()).toBe('2008-09-20T12:25:40.104Z');
    expect(t.inclinationDeg).toBe(51.6416);
    expect(t.raanDeg).toBe(247.4627);
    expect(t.eccentricity).toBeCloseTo(0.0006703, 12);
    expect(t.meanMotionRevPerDay).toBe(15.72125391);
    expect(t.bstar).toBeCloseTo(-0.11606e-4, 12);
  });

  it('accepts trailing blanks and CR', () => {
    expect(parseTle('ISS', `${ISS1}  \r`, `${ISS2}\r`).satnum).toBe('25544');
  });

  it('rejects a wrong checksum, naming the line', () => {
    const bad1 = ISS1.slice(0, 68) + '8';
    const e1 = catchTle(() => parseTle('x', bad1, ISS2));
    expect(e1.code).toBe('TLE_BAD_CHECKSUM');
    expect(e1.field).toBe('line1.checksum');
    expect(e1.name).toBe('TleError');
    // A single altered digit (a transmission error) changes the checksum.
    const bad2 = ISS2.slice(0, 20) + '8' + ISS2.slice(21);
    const e2 = catchTle(() => parseTle('x', ISS1, bad2));
    expect(e2.code).toBe('TLE_BAD_CHECKSUM');
    expect(e2.field).toBe('line2.checksum');
    expect(e2.message).toMatch(/computed/);
  });

  it('rejects malformed lines', () => {
    expect(catchTle(() => parseTle('x', ISS1.slice(0, 60), ISS2)).code).toBe('TLE_BAD_FORMAT');
    expect(catchTle(() => parseTle('x', ISS2, ISS1)).field).toBe('line1');
  });

  it('rejects out-of-range fields with the field name', () => {
    const cases: Array<[string, string, string]> = [
      [ISS1, patch(ISS2, 9, '190.0000'), 'line2.inclination'],
      [ISS1, patch(ISS2, 18, '360.0000'), 'line2.raan'],
      [ISS1, patch(ISS2, 27, '00a6703'), 'line2.eccentricity'],
      [ISS1, patch(ISS2, 53, '25.72125391'), 'line2.meanMotion'],
      [ISS1, patch(ISS2, 53, ' 0.00000000'), 'line2.meanMotion'],
      [ISS1, patch(ISS2, 3, '25545'), 'line2.satnum'],
      [patch(ISS1, 21, '400.51782528'), ISS2, 'line1.epochDay'],
      [patch(ISS1, 54, '-11606x4'), ISS2, 'line1.bstar'],
    ];
    for (const [l1, l2, field] of cases) {
      const e = catchTle(() => parseTle('x', l1, l2));
      expect(e.code, field).toBe('TLE_BAD_FIELD');
      expect(e.field).toBe(field);
    }
  });
});

describe('SGP4 initialisation', () => {
  it('rejects an orbit whose perigee is under the ground', () => {
    const [l1, l2] = formatTle({
      satnum: 1,
      epoch: new Date('2026-01-01T00:00:00Z'),
      inclinationDeg: 30,
      raanDeg: 0,
      eccentricity: 0.2,
      argPerigeeDeg: 0,
      meanAnomalyDeg: 0,
      meanMotionRevPerDay: 16,
    });
    const e = catchTle(() => parseTle('x', l1, l2));
    expect(e.code).toBe('TLE_BAD_FIELD');
    expect(e.field).toBe('tle');
  });
});

describe('formatTle', () => {
  it('round-trips elements through parseTle', () => {
    fc.assert(
      fc.property(
        fc.record({
          satnum: fc.integer({ min: 1, max: 99_999 }),
          epochMs: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2056, 11, 31) }),
          inclinationDeg: fc.double({ min: 0, max: 180, noNaN: true }),
          raanDeg: fc.double({ min: 0, max: 359.99999999, noNaN: true }),
          eccentricity: fc.double({ min: 0, max: 0.01, noNaN: true }),
          argPerigeeDeg: fc.double({ min: 0, max: 359.9999, noNaN: true }),
          meanAnomalyDeg: fc.double({ min: 0, max: 359.9999, noNaN: true }),
          meanMotionRevPerDay: fc.double({ min: 11, max: 16, noNaN: true }),
          bstar: fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
        }),
        (e) => {
          const [l1, l2] = formatTle({ ...e, epoch: new Date(e.epochMs) });
          const t = parseTle('prop', l1, l2);
          expect(Number(t.satnum)).toBe(e.satnum);
          // 8 decimals of a day are 0.864 ms.
          expect(Math.abs(t.epoch.getTime() - e.epochMs)).toBeLessThanOrEqual(1);
          expect(Math.abs(t.inclinationDeg - e.inclinationDeg)).toBeLessThanOrEqual(5.01e-5);
          expect(Math.abs(((t.raanDeg - e.raanDeg + 540) % 360) - 180)).toBeLessThanOrEqual(5.01e-5);
          expect(Math.abs(t.eccentricity - e.eccentricity)).toBeLessThanOrEqual(5.01e-8);
          expect(Math.abs(t.meanMotionRevPerDay - e.meanMotionRevPerDay)).toBeLessThanOrEqual(5.01e-9);
          expect(Math.abs(t.bstar - e.bstar)).toBeLessThanOrEqual(Math.abs(e.bstar) * 1e-4 + 5.01e-15);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('default TLE', () => {
  it('has valid checksums and the documented elements', () => {
    const t = defaultTle();
    expect(t.line1).toBe(DEFAULT_TLE_LINES[0]);
    expect(Number(t.line1[68])).toBe(tleChecksum(t.line1));
    expect(Number(t.line2[68])).toBe(tleChecksum(t.line2));
    expect(t.inclinationDeg).toBe(30);
    expect(t.eccentricity).toBe(0);
    expect(t.epoch.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    // ~97.3 min period at 630 km.
    expect(1440 / t.meanMotionRevPerDay).toBeCloseTo(97.3, 0);
  });
  it('is the same orbit at another epoch', () => {
    expect(defaultOrbitLines(DEFAULT_TLE_EPOCH)).toEqual(DEFAULT_TLE_LINES);
    const t = parseTle('later', ...defaultOrbitLines(new Date('2026-03-14T12:00:00Z')));
    const d = defaultTle();
    expect(t.epoch.toISOString()).toBe('2026-03-14T12:00:00.000Z');
    expect([t.inclinationDeg, t.eccentricity, t.meanMotionRevPerDay]).toEqual([
      d.inclinationDeg,
      d.eccentricity,
      d.meanMotionRevPerDay,
    ]);
  });
});
