import { describe, expect, it } from 'vitest';
import { nextWindow, observerVisibility, moonVectorKm, vectorToRaDec, AstroError } from '../src/index.js';
import type { RaDec, Site } from '../src/index.js';
import { referenceSky } from './sky-reference.js';

const OHP: Site = { latitudeDeg: 43.9317, longitudeDeg: 5.7122, altitudeM: 650 };
const LA_SILLA: Site = { latitudeDeg: -29.2567, longitudeDeg: -70.73, altitudeM: 2400 };
const BURST: RaDec = { raDeg: 86.97549917301536, decDeg: -0.43789952800317367 };
const dAz = (a: number, b: number): number => Math.abs(((a - b + 540) % 360) - 180);

describe('observerVisibility against textbook formulas', () => {
  const cases: Array<[Site, RaDec, string]> = [
    [OHP, BURST, '2026-02-11T19:24:23Z'],
    [OHP, { raDeg: 250.4, decDeg: 36.46 }, '2026-06-21T23:00:00Z'],
    [LA_SILLA, { raDeg: 83.82, decDeg: -5.39 }, '2026-02-12T02:10:00Z'],
    [LA_SILLA, { raDeg: 10.68, decDeg: 41.27 }, '2027-09-01T05:00:00Z'],
  ];
  for (const [site, target, iso] of cases) {
    it(`alt/az and Sun altitude within 0.1° at ${iso} (lat ${site.latitudeDeg})`, () => {
      const date = new Date(iso);
      const v = observerVisibility(site, target, date);
      const ref = referenceSky(target, site.latitudeDeg, site.longitudeDeg, date);
      expect(Math.abs(v.altitudeDeg - ref.altitudeDeg)).toBeLessThan(0.1);
      // Azimuth is ill-defined at the zenith; these cases stay below 80° altitude.
      expect(ref.altitudeDeg).toBeLessThan(80);
      expect(dAz(v.azimuthDeg, ref.azimuthDeg)).toBeLessThan(0.1);
      expect(Math.abs(v.sunAltitudeDeg - ref.sunAltitudeDeg)).toBeLessThan(0.1);
      expect(v.moonIllumination).toBeGreaterThanOrEqual(0);
      expect(v.moonIllumination).toBeLessThanOrEqual(1);
    });
  }

  it('Moon distance is topocentric: within ~1° (parallax) of the geocentric one, and ~0 on the Moon', () => {
    const date = new Date('2026-02-20T20:00:00Z');
    const moon = vectorToRaDec(moonVectorKm(date));
    const v = observerVisibility(OHP, moon, date);
    expect(v.moonDistanceDeg).toBeGreaterThan(0.05);
    expect(v.moonDistanceDeg).toBeLessThan(1.05);
  });

  it('knows full and new Moon', () => {
    // 2026-03-03 11:38 UTC full Moon (total lunar eclipse); 2026-02-17 12:01 UTC new Moon.
    expect(observerVisibility(OHP, BURST, new Date('2026-03-03T11:38:00Z')).moonIllumination).toBeGreaterThan(0.99);
    expect(observerVisibility(OHP, BURST, new Date('2026-02-17T12:01:00Z')).moonIllumination).toBeLessThan(0.01);
  });

  it('rejects a latitude out of range', () => {
    expect(() => observerVisibility({ ...OHP, latitudeDeg: 95 }, BURST, new Date())).toThrowError(AstroError);
  });
});

describe('nextWindow', () => {
  /** First window by brute force, one evaluation every 20 s, using the textbook formulas only. */
  function bruteForce(
    site: Site,
    target: RaDec,
    from: Date,
    hours: number,
    minAlt: number,
    maxSun: number,
  ): { start: number; end: number } | null {
    let start: number | null = null;
    for (let t = from.getTime(); t <= from.getTime() + hours * 3.6e6; t += 20_000) {
      const r = referenceSky(target, site.latitudeDeg, site.longitudeDeg, new Date(t));
      const ok = r.altitudeDeg >= minAlt && r.sunAltitudeDeg <= maxSun;
      if (ok && start === null) start = t;
      if (!ok && start !== null) return { start, end: t };
    }
    return null;
  }

  it('finds the night window of the burst from OHP within 1 minute of brute force', () => {
    const from = new Date('2026-02-11T12:00:00Z');
    const w = nextWindow(OHP, BURST, from, 24, { minAltitudeDeg: 30, maxSunAltitudeDeg: -12, minMoonDistanceDeg: 0 });
    const ref = bruteForce(OHP, BURST, from, 24, 30, -12);
    expect(ref).not.toBeNull();
    expect(w).not.toBeNull();
    expect(Math.abs(w!.start.getTime() - ref!.start)).toBeLessThan(60_000);
    expect(Math.abs(w!.end.getTime() - ref!.end)).toBeLessThan(60_000);
    // Sanity: it starts at the end of nautical twilight and ends as the target sets below 30°.
    expect(w!.end.getTime() - w!.start.getTime()).toBeGreaterThan(30 * 60_000);
  });

  it('finds a southern window that ends with dawn within 1 minute of brute force', () => {
    const target: RaDec = { raDeg: 201.37, decDeg: -43.02 }; // Cen A
    const from = new Date('2026-04-10T18:00:00Z');
    const w = nextWindow(LA_SILLA, target, from, 24, {
      minAltitudeDeg: 25,
      maxSunAltitudeDeg: -18,
      minMoonDistanceDeg: 0,
    });
    const ref = bruteForce(LA_SILLA, target, from, 24, 25, -18);
    expect(w && ref).toBeTruthy();
    expect(Math.abs(w!.start.getTime() - ref!.start)).toBeLessThan(60_000);
    expect(Math.abs(w!.end.getTime() - ref!.end)).toBeLessThan(60_000);
  });

  it('honours the Moon distance limit (checked minute by minute with observerVisibility)', () => {
    const from = new Date('2026-02-20T12:00:00Z');
    const target = vectorToRaDec(moonVectorKm(from)); // the Moon moves away at ~0.5°/h
    const limits = { minAltitudeDeg: -90, maxSunAltitudeDeg: 90, minMoonDistanceDeg: 3 };
    const w = nextWindow(OHP, target, from, 24, limits);
    expect(w).not.toBeNull();
    let first: number | null = null;
    for (let t = from.getTime(); t < from.getTime() + 24 * 3.6e6; t += 60_000) {
      if (observerVisibility(OHP, target, new Date(t)).moonDistanceDeg >= 3) {
        first = t;
        break;
      }
    }
    expect(first).not.toBeNull();
    expect(Math.abs(w!.start.getTime() - first!)).toBeLessThan(60_000);
    // Once clear, it stays clear to the end of the span.
    expect(w!.end.getTime()).toBe(from.getTime() + 24 * 3.6e6);
  });

  it('starts at `from` when already inside a window, and returns null for a target that never rises', () => {
    const inside = new Date('2026-02-11T20:30:00Z');
    const limits = { minAltitudeDeg: 30, maxSunAltitudeDeg: -12, minMoonDistanceDeg: 0 };
    expect(nextWindow(OHP, BURST, inside, 12, limits)?.start.getTime()).toBe(inside.getTime());
    expect(nextWindow(OHP, { raDeg: 100, decDeg: -80 }, inside, 48, limits)).toBeNull();
  });
});
