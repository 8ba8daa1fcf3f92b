/**
 * Visibility windows and Earth occultation from GET /v1/visibility against an independent
 * computation: satellite.js SGP4 in TEME, the target rotated to the true equator of date by
 * astronomy-engine, the Sun from astronomy-engine, per 5 s; every edge within 1 minute.
 */
import * as Astronomy from 'astronomy-engine';
import { sgp4, twoline2satrec } from 'satellite.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startScheduler, type Harness } from './helper.js';

const from = '2026-03-01T00:00:00Z';
const to = '2026-03-02T00:00:00Z';
const LIMB_KM = 6378.137 + 100;
const MARGIN_DEG = 10;
const SUN_DEG = 45;

function angleDeg(a: number[], b: number[]): number {
  const dot = a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
  return (
    (Math.acos(Math.max(-1, Math.min(1, dot / Math.hypot(a[0]!, a[1]!, a[2]!) / Math.hypot(b[0]!, b[1]!, b[2]!)))) *
      180) /
    Math.PI
  );
}

/** Windows by brute force, every `stepS`, with the Sun constraint or not. */
function bruteForce(
  line1: string,
  line2: string,
  raDeg: number,
  decDeg: number,
  withSun: boolean,
  stepS = 5,
): Array<{ start: number; end: number }> {
  const satrec = twoline2satrec(line1, line2);
  const epochMs = (satrec.jdsatepoch - 2440587.5) * 86_400_000;
  const ra = (raDeg * Math.PI) / 180;
  const dec = (decDeg * Math.PI) / 180;
  const windows: Array<{ start: number; end: number }> = [];
  let open: number | null = null;
  const t0 = Date.parse(from);
  const t1 = Date.parse(to);
  for (let t = t0; t <= t1; t += stepS * 1000) {
    const date = new Date(t);
    const pv = sgp4(satrec, (t - epochMs) / 60_000)!;
    const p = pv.position as { x: number; y: number; z: number };
    const j2000 = new Astronomy.Vector(
      Math.cos(dec) * Math.cos(ra),
      Math.cos(dec) * Math.sin(ra),
      Math.sin(dec),
      Astronomy.MakeTime(date),
    );
    const tod = Astronomy.RotateVector(Astronomy.Rotation_EQJ_EQD(date), j2000);
    const r = Math.hypot(p.x, p.y, p.z);
    const limbDeg = (Math.asin(LIMB_KM / r) * 180) / Math.PI;
    let ok = angleDeg([tod.x, tod.y, tod.z], [-p.x, -p.y, -p.z]) >= limbDeg + MARGIN_DEG;
    if (withSun) {
      const sun = Astronomy.GeoVector(Astronomy.Body.Sun, date, true);
      ok &&= angleDeg([j2000.x, j2000.y, j2000.z], [sun.x, sun.y, sun.z]) >= SUN_DEG;
    }
    if (ok && open === null) open = t;
    if (!ok && open !== null) {
      windows.push({ start: open, end: t });
      open = null;
    }
  }
  if (open !== null) windows.push({ start: open, end: t1 });
  return windows;
}

async function check(h: Harness, raDeg: number, decDeg: number, withSun: boolean): Promise<number> {
  const tle = (await h.app.inject({ url: '/v1/orbit/tle' })).json();
  const res = await h.app.inject({
    url: `/v1/visibility?ra=${raDeg}&dec=${decDeg}&from=${from}&to=${to}&instruments=ECLAIRs`,
  });
  expect(res.statusCode).toBe(200);
  const got = (res.json().windows as Array<{ start: string; end: string }>).map((w) => ({
    start: Date.parse(w.start),
    end: Date.parse(w.end),
  }));
  const expected = bruteForce(tle.line1, tle.line2, raDeg, decDeg, withSun);
  expect(got.length).toBe(expected.length);
  let worstMs = 0;
  got.forEach((w, i) => {
    worstMs = Math.max(worstMs, Math.abs(w.start - expected[i]!.start), Math.abs(w.end - expected[i]!.end));
  });
  expect(worstMs).toBeLessThanOrEqual(60_000);
  return worstMs;
}

describe('visibility windows against an independent computation', () => {
  let earthOnly: Harness;
  let withSun: Harness;
  beforeAll(async () => {
    earthOnly = await startScheduler({ SUN_AVOIDANCE_DEG: 0, MOON_AVOIDANCE_DEG: 0 });
    withSun = await startScheduler({ SUN_AVOIDANCE_DEG: SUN_DEG, MOON_AVOIDANCE_DEG: 0 });
  });
  afterAll(async () => {
    await earthOnly?.close();
    await withSun?.close();
  });

  test.each([
    [120, 60],
    [300, -20],
    [45, 5],
  ])('Earth occultation of (%f, %f) over a day: same windows, edges within 1 minute', async (ra, dec) => {
    const worstMs = await check(earthOnly, ra, dec, false);
    expect(worstMs).toBeLessThanOrEqual(20_000);
  });

  test('with the Sun avoided (a target 40-50° from the Sun in March)', async () => {
    // The Sun is near RA 341°, Dec −7.6° on 1 March 2026: RA 25° is ~45° away.
    await check(withSun, 25, 5, true);
    await check(withSun, 180, 10, true);
  });

  test('the SAA removes MXT/VT time only; bad spans are refused with the field', async () => {
    const url = (instruments: string) =>
      `/v1/visibility?ra=120&dec=60&from=${from}&to=${to}&instruments=${instruments}`;
    const all = (await earthOnly.app.inject({ url: url('ECLAIRs') })).json();
    const mxt = (await earthOnly.app.inject({ url: url('MXT') })).json();
    expect(mxt.avoidSaa).toBe(true);
    expect(mxt.visibleS).toBeLessThan(all.visibleS);
    expect(mxt.visibleS).toBeGreaterThan(all.visibleS * 0.7);
    const bad = await earthOnly.app.inject({ url: `/v1/visibility?ra=120&dec=60&from=${to}&to=${from}` });
    expect(bad.json()).toMatchObject({ status: 400, field: '/querystring/to' });
  });
});
