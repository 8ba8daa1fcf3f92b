/**
 * A sampled ephemeris of the satellite, the Sun and the Moon on a fixed time step, in flat
 * Float64Arrays, so the scheduler can test a target's visibility over days in a tight loop.
 *
 * Costs are kept low where accuracy allows: SGP4 runs at every sample; the slowly varying
 * TEME→GCRS rotation is recomputed every hour (nutation moves it < 0.001″ in 30 min); Sun and
 * Moon come from astronomy-engine every 10 min and are interpolated linearly (Moon error
 * < 0.2 km, Sun < 1e-4″).
 */
import { gstime, sgp4 } from 'satellite.js';
import { AstroError, PropagationError } from './errors.js';
import { applyMat3 } from './matrix.js';
import type { Mat3 } from './matrix.js';
import { inSaa } from './saa.js';
import { temeToEcef, temeToGcrsMatrix } from './satellite-state.js';
import { moonVectorKm, sunVectorKm } from './sun-moon.js';
import { assertValidDate } from './time.js';
import type { Tle } from './tle.parser.js';
import { ecefToGeodetic } from './wgs84.js';

/** Sampled satellite, Sun and Moon. Sample i is at `startMs + i * stepS * 1000`. */
export interface Ephemeris {
  readonly startMs: number;
  readonly stepS: number;
  readonly count: number;
  /** Satellite GCRS position, km, xyz interleaved (3 × count). */
  readonly gcrsKm: Float64Array;
  readonly latitudeDeg: Float64Array;
  readonly longitudeDeg: Float64Array;
  readonly altitudeKm: Float64Array;
  /** 1 when the sub-satellite point is inside the SAA polygon. */
  readonly inSaa: Uint8Array;
  /** Geocentric apparent Sun direction, unit, xyz interleaved (parallax from orbit < 0.003°). */
  readonly sunUnit: Float64Array;
  /** Geocentric Moon position, km, xyz interleaved; subtract the satellite for its direction. */
  readonly moonKm: Float64Array;
}

/** Options of `buildEphemeris`. */
export interface EphemerisOptions {
  /** Sample step, default 10 s. */
  stepS?: number;
}

const FRAME_NODE_S = 3600;
const BODY_NODE_S = 600;

/** Samples `tle` from `start` over `spanS` seconds (both ends included). */
export function buildEphemeris(tle: Tle, start: Date, spanS: number, options: EphemerisOptions = {}): Ephemeris {
  assertValidDate(start, 'start');
  const stepS = options.stepS ?? 10;
  if (!(stepS > 0) || !(spanS >= 0) || !Number.isFinite(spanS)) {
    throw new AstroError('ASTRO_BAD_INPUT', 'stepS must be > 0 and spanS ≥ 0', { field: 'spanS' });
  }
  const count = Math.floor(spanS / stepS) + 1;
  const startMs = start.getTime();
  const gcrsKm = new Float64Array(3 * count);
  const latitudeDeg = new Float64Array(count);
  const longitudeDeg = new Float64Array(count);
  const altitudeKm = new Float64Array(count);
  const saa = new Uint8Array(count);
  const sunUnit = new Float64Array(3 * count);
  const moonKm = new Float64Array(3 * count);

  const epochMs = tle.epoch.getTime();
  let frameNode = Number.NaN;
  let teme2gcrs: Mat3 = new Float64Array(9);
  for (let i = 0; i < count; i++) {
    const tMs = startMs + i * stepS * 1000;
    const node = Math.round((tMs - startMs) / 1000 / FRAME_NODE_S);
    if (node !== frameNode) {
      frameNode = node;
      teme2gcrs = temeToGcrsMatrix(new Date(startMs + node * FRAME_NODE_S * 1000));
    }
    const pv = sgp4(tle.satrec, (tMs - epochMs) / 60_000);
    if (pv === null || tle.satrec.error !== 0) {
      throw new PropagationError(tle.satrec.error, `SGP4 failed for ${tle.name} at ${new Date(tMs).toISOString()}`);
    }
    const teme: [number, number, number] = [pv.position.x, pv.position.y, pv.position.z];
    const g = applyMat3(teme2gcrs, teme);
    gcrsKm[3 * i] = g[0];
    gcrsKm[3 * i + 1] = g[1];
    gcrsKm[3 * i + 2] = g[2];
    const geo = ecefToGeodetic(temeToEcef(teme, gstime(new Date(tMs))));
    latitudeDeg[i] = geo.latitudeDeg;
    longitudeDeg[i] = geo.longitudeDeg;
    altitudeKm[i] = geo.altitudeKm;
    saa[i] = inSaa(geo.latitudeDeg, geo.longitudeDeg) ? 1 : 0;
  }
  fillInterpolatedBodies(startMs, stepS, count, sunUnit, moonKm);
  return { startMs, stepS, count, gcrsKm, latitudeDeg, longitudeDeg, altitudeKm, inSaa: saa, sunUnit, moonKm };
}

/** Sun and Moon at 10-min nodes, linearly interpolated onto the samples. */
function fillInterpolatedBodies(
  startMs: number,
  stepS: number,
  count: number,
  sunUnit: Float64Array,
  moonKm: Float64Array,
): void {
  // At least two nodes, so every sample has a bracketing pair.
  const nodes = Math.max(2, Math.ceil(((count - 1) * stepS) / BODY_NODE_S) + 1);
  const sunNodes = new Float64Array(3 * nodes);
  const moonNodes = new Float64Array(3 * nodes);
  for (let k = 0; k < nodes; k++) {
    const date = new Date(startMs + k * BODY_NODE_S * 1000);
    sunNodes.set(sunVectorKm(date), 3 * k);
    moonNodes.set(moonVectorKm(date), 3 * k);
  }
  const sun = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    const x = (i * stepS) / BODY_NODE_S;
    const k = Math.min(Math.floor(x), nodes - 2);
    const f = x - k;
    for (let c = 0; c < 3; c++) {
      sun[c] = sunNodes[3 * k + c]! * (1 - f) + sunNodes[3 * k + 3 + c]! * f;
      moonKm[3 * i + c] = moonNodes[3 * k + c]! * (1 - f) + moonNodes[3 * k + 3 + c]! * f;
    }
    const n = Math.hypot(sun[0]!, sun[1]!, sun[2]!);
    for (let c = 0; c < 3; c++) sunUnit[3 * i + c] = sun[c]! / n;
  }
}

/** Time of sample `i`. */
export function ephemerisTime(ephemeris: Ephemeris, i: number): Date {
  return new Date(ephemeris.startMs + i * ephemeris.stepS * 1000);
}
