/**
 * Slew durations in samples, from the angle between unit vectors (the eigen-axis model of
 * `slewTimeS` in @svom/astro: angle / rate + settle, nothing for no move), rounded up to whole
 * samples so that a slew always fits in the gap it was given.
 */
import type { Direction } from './visibility.js';

export interface SlewModel {
  rateDegPerS: number;
  settleS: number;
  stepS: number;
}

const DEG = 180 / Math.PI;

export function slewAngleDeg(a: Direction, b: Direction): number {
  const [ax, ay, az] = a.unit;
  const [bx, by, bz] = b.unit;
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz) * DEG;
}

export function slewSeconds(model: SlewModel, a: Direction, b: Direction): number {
  const angle = slewAngleDeg(a, b);
  // Below a milliarcsecond there is no slew: two slices of one target follow each other freely.
  return angle < 3e-7 ? 0 : angle / model.rateDegPerS + model.settleS;
}

export function slewSteps(model: SlewModel, a: Direction, b: Direction): number {
  return Math.ceil(slewSeconds(model, a, b) / model.stepS - 1e-9);
}
