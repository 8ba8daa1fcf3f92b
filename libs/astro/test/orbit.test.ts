import { eciToGeodetic, gstime, propagate } from 'satellite.js';
import { describe, expect, it } from 'vitest';
import {
  angularSeparationDeg,
  buildEphemeris,
  defaultTle,
  ephemerisTime,
  inSaa,
  moonVectorKm,
  satelliteState,
  slewTimeS,
  sunVectorKm,
  vectorAngleDeg,
  vectorToRaDec,
  AstroError,
} from '../src/index.js';
import { precessFromJ2000 } from './sky-reference.js';

const tle = defaultTle();
const T = new Date('2026-02-11T19:24:23Z');

function temeKm(date: Date): [number, number, number] {
  const pv = propagate(tle.satrec, date);
  if (!pv) throw new Error('propagate failed');
  return [pv.position.x, pv.position.y, pv.position.z];
}

describe('satelliteState', () => {
  it('turns TEME into GCRS: precessing the GCRS direction to date lands on TEME (within nutation)', () => {
    for (const hours of [0, 5, 50, 400]) {
      const date = new Date(T.getTime() + hours * 3.6e6);
      const s = satelliteState(tle, date);
      const teme = temeKm(date);
      expect(Math.hypot(...s.gcrsKm)).toBeCloseTo(Math.hypot(...teme), 6);
      const g = vectorToRaDec(s.gcrsKm);
      const t = vectorToRaDec(teme);
      // GCRS and TEME differ by ~26 years of precession (~0.36°) ...
      expect(angularSeparationDeg(g.raDeg, g.decDeg, t.raDeg, t.decDeg)).toBeGreaterThan(0.1);
      // ... and once precessed to date (Meeus), only nutation (< 20″) is left.
      const p = precessFromJ2000(g.raDeg, g.decDeg, date);
      expect(angularSeparationDeg(p.raDeg, p.decDeg, t.raDeg, t.decDeg)).toBeLessThan(0.01);
    }
  });

  it('gives the sub-satellite point satellite.js gives (its own ellipsoid and GMST) within 0.01°', () => {
    for (const minutes of [0, 13, 29, 61, 1000]) {
      const date = new Date(T.getTime() + minutes * 60_000);
      const s = satelliteState(tle, date);
      const [x, y, z] = temeKm(date);
      const ref = eciToGeodetic({ x, y, z }, gstime(date));
      expect(Math.abs(s.latitudeDeg - (ref.latitude * 180) / Math.PI)).toBeLessThan(0.01);
      expect(Math.abs(((s.longitudeDeg - (ref.longitude * 180) / Math.PI + 540) % 360) - 180)).toBeLessThan(0.01);
      expect(Math.abs(s.altitudeKm - ref.height)).toBeLessThan(0.1);
    }
  });

  it('flies the documented default orbit: ~630 km, 30° inclination', () => {
    let maxLat = 0;
    let sumAlt = 0;
    const n = 24 * 60;
    for (let i = 0; i < n; i++) {
      const s = satelliteState(tle, new Date(T.getTime() + i * 60_000));
      maxLat = Math.max(maxLat, Math.abs(s.latitudeDeg));
      sumAlt += s.altitudeKm;
    }
    expect(maxLat).toBeGreaterThan(29.8);
    expect(maxLat).toBeLessThan(30.3);
    expect(Math.abs(sumAlt / n - 630)).toBeLessThan(10);
  });
});

describe('buildEphemeris', () => {
  it('builds 7 days at 10 s and matches point-wise computations', () => {
    const t0 = performance.now();
    const eph = buildEphemeris(tle, T, 7 * 86_400);
    const ms = performance.now() - t0;
    console.log(`7-day ephemeris at 10 s: ${eph.count} samples in ${ms.toFixed(0)} ms`);
    expect(eph.count).toBe(7 * 8640 + 1);
    for (const i of [0, 1, 4321, 33_333, eph.count - 1]) {
      const date = ephemerisTime(eph, i);
      const s = satelliteState(tle, date);
      const g: [number, number, number] = [eph.gcrsKm[3 * i]!, eph.gcrsKm[3 * i + 1]!, eph.gcrsKm[3 * i + 2]!];
      expect(Math.hypot(g[0] - s.gcrsKm[0], g[1] - s.gcrsKm[1], g[2] - s.gcrsKm[2])).toBeLessThan(0.001);
      expect(eph.latitudeDeg[i]).toBeCloseTo(s.latitudeDeg, 9);
      expect(eph.altitudeKm[i]).toBeCloseTo(s.altitudeKm, 6);
      const sun: [number, number, number] = [eph.sunUnit[3 * i]!, eph.sunUnit[3 * i + 1]!, eph.sunUnit[3 * i + 2]!];
      expect(vectorAngleDeg(sun, sunVectorKm(date)) * 3600).toBeLessThan(0.01);
      const m = moonVectorKm(date);
      expect(
        Math.hypot(eph.moonKm[3 * i]! - m[0], eph.moonKm[3 * i + 1]! - m[1], eph.moonKm[3 * i + 2]! - m[2]),
      ).toBeLessThan(1);
      expect(eph.inSaa[i]).toBe(inSaa(s.latitudeDeg, s.longitudeDeg) ? 1 : 0);
    }
  });

  it('rejects a bad span', () => {
    expect(() => buildEphemeris(tle, T, -1)).toThrowError(AstroError);
  });
});

describe('SAA', () => {
  it('contains its core over South America / South Atlantic and nothing far from it', () => {
    expect(inSaa(-25, -50)).toBe(true);
    expect(inSaa(-15, -40)).toBe(true);
    expect(inSaa(-30.1, -40)).toBe(true); // SVOM's southernmost latitude, below Fermi's polygon
    expect(inSaa(0, 0)).toBe(false);
    expect(inSaa(20, -50)).toBe(false);
    expect(inSaa(-25, 100)).toBe(false);
    expect(inSaa(-25, 40)).toBe(false);
    expect(inSaa(-25, 320)).toBe(true); // longitudes east-positive in [0, 360) are accepted
  });

  it('takes 5-25 % of a 30° orbit', () => {
    const eph = buildEphemeris(tle, T, 86_400, { stepS: 30 });
    const fraction = eph.inSaa.reduce((a, b) => a + b, 0) / eph.count;
    expect(fraction).toBeGreaterThan(0.05);
    expect(fraction).toBeLessThan(0.25);
  });
});

describe('slewTimeS', () => {
  it('is angle / rate + settle, and free for no move', () => {
    expect(slewTimeS({ raDeg: 0, decDeg: 0 }, { raDeg: 90, decDeg: 0 }, 1, 60)).toBeCloseTo(150, 9);
    expect(slewTimeS({ raDeg: 10, decDeg: 80 }, { raDeg: 190, decDeg: 80 }, 0.5, 30)).toBeCloseTo(20 / 0.5 + 30, 9);
    expect(slewTimeS({ raDeg: 10, decDeg: 20 }, { raDeg: 10, decDeg: 20 }, 1, 60)).toBe(0);
    expect(() => slewTimeS({ raDeg: 0, decDeg: 0 }, { raDeg: 1, decDeg: 0 }, 0, 60)).toThrowError(/rateDegPerS/);
  });
});
