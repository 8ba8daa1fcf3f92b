import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  angularSeparationDeg,
  burstDirection,
  gcrsToGeodetic,
  isoToDate,
  pointing,
  sunMoonAngles,
  toGalactic,
} from '../src/index.js';
import type { Quaternion, Vec3 } from '../src/index.js';

interface AlertFrame {
  name: string;
  fields: { thetaDeg: number; phiDeg: number; attitude: number[]; positionM: number[]; triggerTime: string };
  derived: Record<string, number>;
}

const framesPath = fileURLToPath(new URL('../../../testdata/vectors/frames.json', import.meta.url));
const frames = (JSON.parse(readFileSync(framesPath, 'utf8')) as { frames: AlertFrame[] }).frames;
const frame = frames.find((f) => f.name === 'eclairs-alert-first');
if (!frame) throw new Error('eclairs-alert-first missing from testdata/vectors/frames.json');
const { fields, derived } = frame;
const attitude = fields.attitude as unknown as Quaternion;
const t0 = isoToDate(fields.triggerTime);
const ARCSEC = 1 / 3600;

/** Difference of two angles in degrees, across the 0/360 seam. */
const dAngle = (a: number, b: number): number => Math.abs(((a - b + 540) % 360) - 180);
const d = (key: string): number => {
  const v = derived[key];
  if (v === undefined) throw new Error(`derived.${key} missing`);
  return v;
};

describe('eclairs-alert-first derived values (testdata/vectors)', () => {
  it('burst RA/Dec within 1 arcsec (on the sky)', () => {
    const { raDeg, decDeg } = burstDirection(fields.thetaDeg, fields.phiDeg, attitude);
    expect(angularSeparationDeg(raDeg, decDeg, d('raDeg'), d('decDeg'))).toBeLessThan(ARCSEC);
    expect(Math.abs(decDeg - d('decDeg'))).toBeLessThan(ARCSEC);
  });

  it('pointing RA/Dec and roll within 1 arcsec', () => {
    const p = pointing(attitude);
    expect(angularSeparationDeg(p.raDeg, p.decDeg, d('pointingRaDeg'), d('pointingDecDeg'))).toBeLessThan(ARCSEC);
    expect(dAngle(p.rollDeg, d('pointingRollDeg'))).toBeLessThan(ARCSEC);
  });

  it('Galactic coordinates within 0.001°', () => {
    const g = toGalactic(d('raDeg'), d('decDeg'));
    expect(dAngle(g.lonDeg, d('galacticLonDeg'))).toBeLessThan(0.001);
    expect(Math.abs(g.latDeg - d('galacticLatDeg'))).toBeLessThan(0.001);
  });

  it('geocentric Sun and Moon angles within 0.01°', () => {
    const { raDeg, decDeg } = burstDirection(fields.thetaDeg, fields.phiDeg, attitude);
    const a = sunMoonAngles(raDeg, decDeg, t0);
    expect(Math.abs(a.sunAngleDeg - d('sunAngleDeg'))).toBeLessThan(0.01);
    expect(Math.abs(a.moonAngleDeg - d('moonAngleDeg'))).toBeLessThan(0.01);
  });

  it('satellite WGS84 position within 0.01° and 0.1 km', () => {
    const g = gcrsToGeodetic(fields.positionM as unknown as Vec3, t0);
    expect(dAngle(g.longitudeDeg, d('satLongitudeDeg'))).toBeLessThan(0.01);
    expect(Math.abs(g.latitudeDeg - d('satLatitudeDeg'))).toBeLessThan(0.01);
    expect(Math.abs(g.altitudeKm - d('satAltitudeKm'))).toBeLessThan(0.1);
  });
});
