import { describe, expect, test } from 'vitest';
import { lightCurveSeries, stepPoints } from '../src/client/plot/light-curve.js';
import {
  circleOnPlane,
  fieldHalfWidthDeg,
  gnomonic,
  offsetPoint,
  separationDeg,
} from '../src/client/plot/projection.js';
import { linear, niceDomain, ticks, timeTicks } from '../src/client/plot/scale.js';
import { equirect, stationHealth } from '../src/client/plot/world.js';
import { decDms, radius, raHms, sinceT0 } from '../src/client/format.js';

const centre = { raDeg: 201.3845, decDeg: -14.0451 };

describe('gnomonic projection', () => {
  test('the centre is the origin; north is +η, east is +ξ', () => {
    expect(gnomonic(centre, centre)).toEqual({ xiDeg: 0, etaDeg: 0 });
    const north = gnomonic(centre, { raDeg: centre.raDeg, decDeg: centre.decDeg + 0.1 })!;
    expect(north.xiDeg).toBeCloseTo(0, 9);
    expect(north.etaDeg).toBeGreaterThan(0);
    const east = gnomonic(centre, { raDeg: centre.raDeg + 0.1, decDeg: centre.decDeg })!;
    expect(east.xiDeg).toBeGreaterThan(0);
  });

  test('a small offset keeps its angular size (tan r ≈ r)', () => {
    for (const pa of [0, 45, 90, 180, 270]) {
      const p = gnomonic(centre, offsetPoint(centre, 0.02, pa))!;
      expect(Math.hypot(p.xiDeg, p.etaDeg)).toBeCloseTo(0.02, 6);
    }
  });

  test('a point 90° away or more has no image', () => {
    expect(gnomonic({ raDeg: 0, decDeg: 0 }, { raDeg: 90, decDeg: 0 })).toBeUndefined();
    expect(gnomonic({ raDeg: 0, decDeg: 0 }, { raDeg: 180, decDeg: 0 })).toBeUndefined();
  });

  test('works across RA 0/360 and near the pole', () => {
    const p = gnomonic({ raDeg: 359.99, decDeg: 10 }, { raDeg: 0.01, decDeg: 10 })!;
    expect(p.xiDeg).toBeCloseTo(0.02 * Math.cos((10 * Math.PI) / 180), 5);
    const q = gnomonic({ raDeg: 0, decDeg: 89.9 }, { raDeg: 180, decDeg: 89.9 })!;
    expect(Math.hypot(q.xiDeg, q.etaDeg)).toBeCloseTo(0.2, 4);
  });

  test('separation and offset agree, at arcseconds and at tens of degrees', () => {
    for (const d of [1 / 3600, 0.5, 12, 40])
      expect(separationDeg(centre, offsetPoint(centre, d, 123))).toBeCloseTo(d, 9);
  });

  test('an error circle is traced at its radius; a wide one stays closed around its centre', () => {
    const small = circleOnPlane(centre, { ...centre, radiusDeg: 0.05 }, 36);
    expect(small).toHaveLength(36);
    for (const p of small) expect(Math.hypot(p.xiDeg, p.etaDeg)).toBeCloseTo(0.05, 5);
    // A GRM circle of 15° offset by 5°: every point on the plane, farther than on the sphere (tan r > r).
    const wide = circleOnPlane(centre, { ...offsetPoint(centre, 5, 0), radiusDeg: 15 }, 36);
    expect(wide).toHaveLength(36);
    expect(Math.max(...wide.map((p) => p.etaDeg))).toBeGreaterThan(20);
  });

  test('the field shows every region, with a floor and a ceiling', () => {
    expect(fieldHalfWidthDeg(centre, [{ ...centre, radiusDeg: 1 / 3600 }])).toBe(0.05);
    const half = fieldHalfWidthDeg(centre, [{ ...offsetPoint(centre, 0.1, 90), radiusDeg: 0.1 }]);
    expect(half).toBeCloseTo(0.23, 6);
    expect(fieldHalfWidthDeg(centre, [{ ...centre, radiusDeg: 80 }])).toBe(60);
  });
});

describe('scales and ticks', () => {
  test('linear maps ends and middle, inverted ranges included', () => {
    const y = linear([0, 100], [200, 0]);
    expect([y(0), y(50), y(100)]).toEqual([200, 100, 0]);
    expect(linear([5, 5], [0, 10])(5)).toBe(5);
  });

  test('ticks are round numbers within the range, without float drift', () => {
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(-0.3, 0.3, 3)).toEqual([-0.2, 0, 0.2]);
    expect(ticks(-0.3, 0.3, 6)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
    expect(ticks(-12, 87, 5)).toEqual([0, 20, 40, 60, 80]);
    expect(ticks(3, 3)).toEqual([3]);
    expect(niceDomain(0, 873, 4)).toEqual([0, 1000]);
  });

  test('time ticks fall on round UTC seconds, minutes, hours', () => {
    const start = Date.parse('2026-03-14T02:10:05.250Z');
    const t = timeTicks(start, start + 3600_000, 6);
    expect(t.every((x) => x % 600_000 === 0)).toBe(true);
    expect(t.length).toBeGreaterThanOrEqual(5);
  });
});

describe('light curve scaling', () => {
  const lc = {
    start: '2026-03-14T02:10:03.250Z',
    binMs: 500,
    bins: 4,
    bands: 2,
    counts: [
      [1, 2],
      [10, 20],
      [5, 0],
      [0, 0],
    ],
  };

  test('rates are counts per second, time in seconds from T0, total first', () => {
    const plot = lightCurveSeries(lc, '2026-03-14T02:10:05.250Z', ['4-20 keV', '20-120 keV']);
    expect(plot.series.map((s) => s.label)).toEqual(['all bands', '4-20 keV', '20-120 keV']);
    expect(plot.series[0]!.rates).toEqual([6, 60, 10, 0]);
    expect(plot.series[1]!.rates).toEqual([2, 20, 10, 0]);
    expect(plot.series[0]!.edgesS).toEqual([-2, -1.5, -1, -0.5, 0]);
    expect(plot.xDomain).toEqual([-2, 0]);
    expect(plot.yDomain).toEqual([0, 60]);
  });

  test('one band: no total; an empty curve still has a y range', () => {
    const one = lightCurveSeries({ ...lc, bands: 1, counts: [[0], [0], [0], [0]] }, lc.start);
    expect(one.series).toHaveLength(1);
    expect(one.yDomain).toEqual([0, 1]);
  });

  test('the step path is flat over each bin', () => {
    const plot = lightCurveSeries(lc, lc.start);
    const pts = stepPoints(
      plot.series[0]!,
      (v) => v,
      (v) => v,
    );
    expect(pts.slice(0, 4)).toEqual([
      [0, 6],
      [0.5, 6],
      [0.5, 60],
      [1, 60],
    ]);
  });
});

describe('station map', () => {
  test('equirectangular corners, centre and wrap', () => {
    const box = { width: 720, height: 360 };
    expect(equirect(-180, 90, box)).toEqual([0, 0]);
    expect(equirect(0, 0, box)).toEqual([360, 180]);
    expect(equirect(190, 0, box)[0]).toBeCloseTo(equirect(-170, 0, box)[0], 9);
  });

  test('health classes from status and latency', () => {
    expect(stationHealth('active', 1200)).toBe('good');
    expect(stationHealth('active', 45_000)).toBe('slow');
    expect(stationHealth('active', null)).toBe('good');
    expect(stationHealth('silent', 100)).toBe('silent');
    expect(stationHealth('never-heard', null)).toBe('unknown');
  });
});

describe('formats', () => {
  test('sexagesimal and error radius units', () => {
    expect(raHms(201.3845)).toBe('13h25m32.3s');
    expect(decDms(-14.0451)).toBe('−14°02′42″');
    expect(radius(12.5)).toBe('12.50°');
    expect(radius(0.15)).toBe('9.00′');
    expect(radius(0.0014)).toBe('5.0″');
    expect(sinceT0('2026-03-14T02:13:38.600Z', '2026-03-14T02:10:05.250Z')).toBe('+3.6 min');
  });
});
