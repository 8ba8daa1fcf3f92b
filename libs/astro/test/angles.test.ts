import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AstroError,
  angularSeparationDeg,
  arcminToDeg,
  arcsecToDeg,
  dateToIso,
  degToArcmin,
  degToArcsec,
  fromGalactic,
  isoToDate,
  toGalactic,
  unitVector,
  vectorToRaDec,
  wrap180,
  wrap360,
} from '../src/index.js';

const ra = fc.double({ min: -720, max: 720, noNaN: true });
const dec = fc.double({ min: -90, max: 90, noNaN: true });

describe('angular separation (Vincenty)', () => {
  it('is symmetric, within [0, 180], and zero on itself', () => {
    fc.assert(
      fc.property(ra, dec, ra, dec, (a1, d1, a2, d2) => {
        const s = angularSeparationDeg(a1, d1, a2, d2);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(180);
        expect(Math.abs(s - angularSeparationDeg(a2, d2, a1, d1))).toBeLessThan(1e-9);
        expect(angularSeparationDeg(a1, d1, a1, d1)).toBeLessThan(1e-9);
      }),
    );
  });

  it('keeps precision for tiny and antipodal separations', () => {
    // 1 milliarcsecond along the equator.
    expect(angularSeparationDeg(10, 0, 10 + 1 / 3.6e6, 0) * 3.6e6).toBeCloseTo(1, 6);
    expect(angularSeparationDeg(10, 45, 190, -45)).toBeCloseTo(180, 9);
    expect(angularSeparationDeg(0, 90, 123, 89)).toBeCloseTo(1, 12);
  });

  it('obeys the triangle inequality', () => {
    fc.assert(
      fc.property(ra, dec, ra, dec, ra, dec, (a1, d1, a2, d2, a3, d3) => {
        const ab = angularSeparationDeg(a1, d1, a2, d2);
        const bc = angularSeparationDeg(a2, d2, a3, d3);
        const ac = angularSeparationDeg(a1, d1, a3, d3);
        expect(ac).toBeLessThanOrEqual(ab + bc + 1e-9);
      }),
    );
  });
});

describe('conversions', () => {
  it('arcmin/arcsec/deg', () => {
    expect(arcminToDeg(6.34)).toBeCloseTo(0.105666667, 9);
    expect(degToArcmin(arcminToDeg(6.34))).toBeCloseTo(6.34, 12);
    expect(degToArcsec(arcsecToDeg(40))).toBeCloseTo(40, 12);
    expect(arcsecToDeg(3600)).toBe(1);
  });

  it('wraps angles', () => {
    expect(wrap360(-0)).toBe(0);
    expect(Object.is(wrap360(-0), -0)).toBe(false);
    expect(wrap360(-1e-18)).toBeLessThan(360);
    expect(wrap360(725)).toBeCloseTo(5, 12);
    expect(wrap180(190)).toBeCloseTo(-170, 12);
    expect(wrap180(-180)).toBe(-180);
  });

  it('unit vector and back', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 359.99, noNaN: true }),
        fc.double({ min: -89.99, max: 89.99, noNaN: true }),
        (a, d) => {
          const r = vectorToRaDec(unitVector(a, d));
          expect(angularSeparationDeg(r.raDeg, r.decDeg, a, d)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe('Galactic', () => {
  it('puts the Galactic centre and north pole where the IAU defines them', () => {
    // Reid & Brunthaler 2004 / Hipparcos: centre at (266.40499, -28.93617), pole at (192.85948, 27.12825).
    const c = toGalactic(266.40499, -28.93617);
    expect(Math.min(c.lonDeg, 360 - c.lonDeg)).toBeLessThan(1e-4);
    expect(Math.abs(c.latDeg)).toBeLessThan(1e-4);
    expect(toGalactic(192.85948, 27.12825).latDeg).toBeGreaterThan(90 - 1e-4);
  });

  it('round-trips through fromGalactic', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 359.99, noNaN: true }),
        fc.double({ min: -89.9, max: 89.9, noNaN: true }),
        (a, d) => {
          const g = toGalactic(a, d);
          const back = fromGalactic(g.lonDeg, g.latDeg);
          expect(angularSeparationDeg(back.raDeg, back.decDeg, a, d)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe('ISO time', () => {
  it('parses zoned ISO 8601 and formats back', () => {
    expect(isoToDate('2026-02-11T19:24:23.604Z').getTime()).toBe(Date.UTC(2026, 1, 11, 19, 24, 23, 604));
    expect(isoToDate('2026-02-11T20:24:23.604+01:00').getTime()).toBe(Date.UTC(2026, 1, 11, 19, 24, 23, 604));
    expect(dateToIso(new Date(Date.UTC(2026, 1, 11, 19, 24, 23, 604)))).toBe('2026-02-11T19:24:23.604Z');
  });

  it('rejects local times and garbage with ASTRO_BAD_TIME', () => {
    for (const bad of ['2026-02-11T19:24:23', 'yesterday', '2026-13-45T99:99:99Z']) {
      expect(() => isoToDate(bad), bad).toThrowError(AstroError);
    }
    expect(() => dateToIso(new Date(Number.NaN))).toThrowError(/not a valid Date/);
  });
});
