import { propagate } from 'satellite.js';
import { describe, expect, it } from 'vitest';
import {
  buildEphemeris,
  constraintMargins,
  defaultTle,
  sunVectorKm,
  vectorToRaDec,
  visibilityWindows,
  EARTH_RADIUS_KM,
} from '../src/index.js';
import type { RaDec, SatelliteConstraints, TimeWindow } from '../src/index.js';
import { precessFromJ2000 } from './sky-reference.js';

const tle = defaultTle();
const T = new Date('2026-02-11T19:24:23Z');
const SPAN_S = 12 * 3600;
const eph = buildEphemeris(tle, T, SPAN_S);
const EARTH_ONLY: SatelliteConstraints = {
  earthLimbMarginDeg: 5,
  atmosphereKm: 100,
  sunAvoidanceDeg: 0,
  moonAvoidanceDeg: 0,
  avoidSaa: false,
};
const RAD = Math.PI / 180;

/** Orbit normal (r × r') in the middle of the span: ~90° from the nadir all along the orbit. */
function orbitPole(): RaDec {
  const i = Math.floor(eph.count / 2);
  const g = eph.gcrsKm;
  const a = [g[3 * i]!, g[3 * i + 1]!, g[3 * i + 2]!];
  const b = [g[3 * i + 3]!, g[3 * i + 4]!, g[3 * i + 5]!];
  return vectorToRaDec([a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!]);
}

/**
 * Earth occultation checked once per second, independently of the library's frames: SGP4 TEME
 * straight from satellite.js, the target precessed to date with Meeus' formulas (TEME differs
 * from mean-of-date by nutation, < 20″, i.e. < 0.5 s of orbital motion).
 */
function bruteForceEarthWindows(target: RaDec, c: SatelliteConstraints): Array<{ start: number; end: number }> {
  const p = precessFromJ2000(target.raDeg, target.decDeg, T);
  const u = [
    Math.cos(p.decDeg * RAD) * Math.cos(p.raDeg * RAD),
    Math.cos(p.decDeg * RAD) * Math.sin(p.raDeg * RAD),
    Math.sin(p.decDeg * RAD),
  ];
  const out: Array<{ start: number; end: number }> = [];
  let start: number | null = null;
  const t0 = T.getTime();
  for (let s = 0; s <= SPAN_S; s++) {
    const pv = propagate(tle.satrec, new Date(t0 + s * 1000));
    if (!pv) throw new Error('propagate failed');
    const r = [pv.position.x, pv.position.y, pv.position.z];
    const rn = Math.hypot(r[0]!, r[1]!, r[2]!);
    const cosFromNadir = -(u[0]! * r[0]! + u[1]! * r[1]! + u[2]! * r[2]!) / rn;
    const fromNadirDeg = Math.acos(cosFromNadir) / RAD;
    const limbDeg = Math.asin((EARTH_RADIUS_KM + c.atmosphereKm) / rn) / RAD;
    const ok = fromNadirDeg >= limbDeg + c.earthLimbMarginDeg;
    if (ok && start === null) start = t0 + s * 1000;
    if (!ok && start !== null) {
      out.push({ start, end: t0 + s * 1000 });
      start = null;
    }
  }
  if (start !== null) out.push({ start, end: t0 + SPAN_S * 1000 });
  return out;
}

const totalS = (ws: TimeWindow[]): number => ws.reduce((a, w) => a + (w.end.getTime() - w.start.getTime()) / 1000, 0);

describe('visibilityWindows: Earth occultation', () => {
  const targets: Array<[RaDec, number]> = [
    [{ raDeg: 86.97549917301536, decDeg: -0.43789952800317367 }, 5],
    [{ raDeg: 200, decDeg: -45 }, 0],
    [{ raDeg: 10, decDeg: 35 }, 5],
    [{ raDeg: 300, decDeg: 10 }, 5],
  ];
  for (const [target, minWindows] of targets) {
    it(`matches a per-second brute force within 1 minute for RA ${target.raDeg} Dec ${target.decDeg}`, () => {
      const ws = visibilityWindows(eph, target, EARTH_ONLY);
      const ref = bruteForceEarthWindows(target, EARTH_ONLY);
      // Several orbits, each with one occultation, for a target near the orbital plane.
      expect(ref.length).toBeGreaterThan(minWindows);
      expect(ws.length).toBe(ref.length);
      ws.forEach((w, i) => {
        expect(Math.abs(w.start.getTime() - ref[i]!.start)).toBeLessThan(60_000);
        expect(Math.abs(w.end.getTime() - ref[i]!.end)).toBeLessThan(60_000);
        // In practice the interpolated edges are within a couple of seconds.
        expect(Math.abs(w.start.getTime() - ref[i]!.start)).toBeLessThan(3_000);
      });
    });
  }

  it('sees the orbit pole all the time (always 90° from nadir)', () => {
    // The node regresses ~6°/day, so the pole moves ~3° over the span: still far above the limb.
    const ws = visibilityWindows(eph, orbitPole(), EARTH_ONLY);
    expect(ws).toHaveLength(1);
    expect(ws[0]!.start.getTime()).toBe(T.getTime());
    expect(ws[0]!.end.getTime()).toBe(T.getTime() + SPAN_S * 1000);
  });
});

describe('visibilityWindows: Sun, Moon, SAA', () => {
  it('never observes within the Sun avoidance angle', () => {
    const sun = vectorToRaDec(sunVectorKm(T));
    expect(visibilityWindows(eph, sun, { ...EARTH_ONLY, sunAvoidanceDeg: 45 })).toHaveLength(0);
    // A target 30° from the Sun passes with a 20° limit, and not with 40°.
    const near: RaDec = { raDeg: sun.raDeg, decDeg: sun.decDeg > 0 ? sun.decDeg - 30 : sun.decDeg + 30 };
    expect(visibilityWindows(eph, near, { ...EARTH_ONLY, sunAvoidanceDeg: 20 })).toEqual(
      visibilityWindows(eph, near, EARTH_ONLY),
    );
    expect(visibilityWindows(eph, near, { ...EARTH_ONLY, sunAvoidanceDeg: 40 })).toHaveLength(0);
  });

  it('keeps the satellite-centred Moon distance inside windows', () => {
    const i = 1000;
    const moon = vectorToRaDec([
      eph.moonKm[3 * i]! - eph.gcrsKm[3 * i]!,
      eph.moonKm[3 * i + 1]! - eph.gcrsKm[3 * i + 1]!,
      eph.moonKm[3 * i + 2]! - eph.gcrsKm[3 * i + 2]!,
    ]);
    const target: RaDec = { raDeg: moon.raDeg + 12, decDeg: moon.decDeg };
    const c = { ...EARTH_ONLY, moonAvoidanceDeg: 11 };
    const margins = constraintMargins(eph, target, c);
    const ws = visibilityWindows(eph, target, c);
    const without = visibilityWindows(eph, target, EARTH_ONLY);
    // The Moon moves ~6° in 12 h: the target becomes forbidden for part of the span.
    expect(totalS(ws)).toBeLessThan(totalS(without));
    for (const w of ws) {
      const k = Math.round((w.start.getTime() + w.end.getTime()) / 2 - eph.startMs) / 10_000;
      expect(margins[Math.round(k)]!).toBeGreaterThanOrEqual(0);
    }
  });

  it('excludes SAA passages when asked', () => {
    const ws = visibilityWindows(eph, orbitPole(), { ...EARTH_ONLY, avoidSaa: true });
    expect(ws.length).toBeGreaterThan(3);
    for (const w of ws) {
      const a = Math.ceil((w.start.getTime() - eph.startMs) / 10_000);
      const b = Math.floor((w.end.getTime() - eph.startMs) / 10_000);
      for (let i = a; i < b; i++) expect(eph.inSaa[i]).toBe(0);
    }
    const saaS = eph.inSaa.reduce((a, b) => a + b, 0) * 10;
    expect(Math.abs(SPAN_S - totalS(ws) - saaS)).toBeLessThan(ws.length * 20 + 20);
  });
});
