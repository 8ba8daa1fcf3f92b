import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ecefToGcrs,
  ecefToGeodetic,
  gcrsToEcef,
  gcrsToGeodetic,
  geodeticToEcef,
  WGS84_A_KM,
  WGS84_F,
} from '../src/index.js';

describe('WGS84', () => {
  it('round-trips geodetic → ECEF → geodetic to < 1 mm and 1e-9°', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -179.999, max: 179.999, noNaN: true }),
        fc.double({ min: -5, max: 40_000, noNaN: true }),
        (lat, lon, h) => {
          const g = ecefToGeodetic(geodeticToEcef(lat, lon, h));
          expect(Math.abs(g.latitudeDeg - lat)).toBeLessThan(1e-9);
          if (Math.abs(lat) < 89.9999) expect(Math.abs(((g.longitudeDeg - lon + 540) % 360) - 180)).toBeLessThan(1e-9);
          expect(Math.abs(g.altitudeKm - h)).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('knows the ellipsoid: equator radius a, pole radius a(1 − f)', () => {
    expect(ecefToGeodetic([WGS84_A_KM, 0, 0]).altitudeKm).toBeCloseTo(0, 9);
    const pole = ecefToGeodetic([0, 0, WGS84_A_KM * (1 - WGS84_F) + 630]);
    expect(pole.altitudeKm).toBeCloseTo(630, 9);
    expect(pole.latitudeDeg).toBeCloseTo(90, 9);
  });
});

describe('GCRS ↔ Earth-fixed', () => {
  const date = new Date('2026-02-11T19:24:23.604Z');

  it('round-trips and preserves length', () => {
    const v: [number, number, number] = [1156.677, -6152.371, -3150.304];
    const e = gcrsToEcef(v, date);
    expect(Math.hypot(...e)).toBeCloseTo(Math.hypot(...v), 9);
    const back = ecefToGcrs(e, date);
    for (let i = 0; i < 3; i++) expect(back[i]).toBeCloseTo(v[i]!, 9);
  });

  it('turns with the Earth: one sidereal day later the same GCRS point is at the same longitude', () => {
    const p: [number, number, number] = [7000e3, 0, 1000e3];
    const g0 = gcrsToGeodetic(p, date);
    const g1 = gcrsToGeodetic(p, new Date(date.getTime() + 86_164_090.5));
    expect(Math.abs(g1.longitudeDeg - g0.longitudeDeg)).toBeLessThan(0.001);
    const g6 = gcrsToGeodetic(p, new Date(date.getTime() + 6 * 3600e3));
    // Six hours later the Earth has turned ~90.25° east, so the point is ~90.25° further west.
    expect((g0.longitudeDeg - g6.longitudeDeg + 360) % 360).toBeCloseTo(90.25, 1);
  });
});
