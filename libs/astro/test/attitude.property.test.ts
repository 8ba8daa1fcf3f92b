import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  angularSeparationDeg,
  attitudeFromPointing,
  burstDirection,
  instrumentDirection,
  multiplyQuaternions,
  conjugateQuaternion,
  normalizeQuaternion,
  pointing,
  rotateBodyToIcrs,
  AstroError,
} from '../src/index.js';
import type { Quaternion } from '../src/index.js';

const dAngle = (a: number, b: number): number => Math.abs(((a - b + 540) % 360) - 180);
const ra = fc.double({ min: 0, max: 359.999999, noNaN: true });
// Away from the poles, where roll is only conventional.
const dec = fc.double({ min: -89.9, max: 89.9, noNaN: true });
const roll = fc.double({ min: 0, max: 359.999999, noNaN: true });

describe('quaternion and attitude', () => {
  it('attitudeFromPointing → pointing round-trips RA, Dec and roll', () => {
    fc.assert(
      fc.property(ra, dec, roll, (raDeg, decDeg, rollDeg) => {
        const q = attitudeFromPointing(raDeg, decDeg, rollDeg);
        const p = pointing(q);
        expect(angularSeparationDeg(p.raDeg, p.decDeg, raDeg, decDeg)).toBeLessThan(1e-6);
        expect(dAngle(p.rollDeg, rollDeg)).toBeLessThan(1e-5);
      }),
    );
  });

  it('burstDirection at θ = 0 is the pointing; instrumentDirection inverts burstDirection', () => {
    fc.assert(
      fc.property(
        ra,
        dec,
        roll,
        fc.double({ min: 0.5, max: 179.5, noNaN: true }),
        fc.double({ min: 0, max: 359.9, noNaN: true }),
        (r, d, ro, theta, phi) => {
          const q = attitudeFromPointing(r, d, ro);
          const boresight = burstDirection(0, 0, q);
          expect(angularSeparationDeg(boresight.raDeg, boresight.decDeg, r, d)).toBeLessThan(1e-6);
          const dir = burstDirection(theta, phi, q);
          // θ is the angle from the boresight whatever the attitude.
          expect(Math.abs(angularSeparationDeg(dir.raDeg, dir.decDeg, r, d) - theta)).toBeLessThan(1e-6);
          const back = instrumentDirection(dir.raDeg, dir.decDeg, q);
          expect(Math.abs(back.thetaDeg - theta)).toBeLessThan(1e-6);
          expect(dAngle(back.phiDeg, phi)).toBeLessThan(1e-5);
        },
      ),
    );
  });

  it('φ = 90° points towards body +Z, i.e. at the roll position angle from the pointing', () => {
    const q = attitudeFromPointing(100, 20, 30);
    const z = burstDirection(90, 90, q);
    const p = pointing(q);
    expect(angularSeparationDeg(z.raDeg, z.decDeg, p.raDeg, p.decDeg)).toBeCloseTo(90, 9);
    // Moving 1° towards +Z from the pointing: position angle 30° means mostly north, some east.
    const near = burstDirection(1, 90, q);
    expect(near.decDeg).toBeGreaterThan(20);
    expect(near.raDeg).toBeGreaterThan(100);
  });

  it('the expanded rotation equals q ⊗ v ⊗ q*', () => {
    const quat = fc
      .tuple(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
      )
      .filter((q) => Math.hypot(...q) > 0.1);
    const vec = fc.tuple(
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
    );
    fc.assert(
      fc.property(quat, vec, (qRaw, v) => {
        const q = normalizeQuaternion(qRaw as Quaternion);
        const prod = multiplyQuaternions(multiplyQuaternions(q, [0, v[0], v[1], v[2]]), conjugateQuaternion(q));
        const r = rotateBodyToIcrs(qRaw as Quaternion, v);
        for (let i = 0; i < 3; i++) expect(r[i]).toBeCloseTo(prod[i + 1]!, 12);
      }),
    );
  });

  it('rejects a zero quaternion with a coded error', () => {
    const err = ((): unknown => {
      try {
        pointing([0, 0, 0, 0]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(AstroError);
    expect((err as AstroError).code).toBe('ASTRO_BAD_QUATERNION');
    expect((err as AstroError).field).toBe('attitude');
  });

  it('identity attitude: body +X is RA 0 Dec 0 and body +Z is north (roll 0)', () => {
    const p = pointing([1, 0, 0, 0]);
    expect(p.raDeg).toBeCloseTo(0, 12);
    expect(p.decDeg).toBeCloseTo(0, 12);
    expect(p.rollDeg).toBeCloseTo(0, 12);
  });
});
