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
  return angleDeg(ax, ay, az, bx, by, bz);
}

export function slewSeconds(model: SlewModel, a: Direction, b: Direction): number {
  return secondsFor(model, slewAngleDeg(a, b));
}

export function slewSteps(model: SlewModel, a: Direction, b: Direction): number {
  return Math.ceil(slewSeconds(model, a, b) / model.stepS - 1e-9);
}

/**
 * Unit vectors packed xyz for `slewStepsFrom`: the sequencing asks for the slews from one pointing
 * to every candidate at each step, and a flat array keeps that loop free of object lookups.
 */
export function packUnits(directions: readonly Direction[]): Float64Array {
  const units = new Float64Array(3 * directions.length);
  directions.forEach((d, i) => units.set(d.unit, 3 * i));
  return units;
}

/** `out[i]` = slewSteps(from, direction i of `units`), the same arithmetic as slewSteps. */
export function slewStepsFrom(model: SlewModel, from: Direction, units: Float64Array, out: Int32Array): Int32Array {
  const [ax, ay, az] = from.unit;
  for (let i = 0; i < out.length; i++) {
    const seconds = secondsFor(model, angleDeg(ax, ay, az, units[3 * i]!, units[3 * i + 1]!, units[3 * i + 2]!));
    out[i] = Math.ceil(seconds / model.stepS - 1e-9);
  }
  return out;
}

// atan2 of |a×b| and a·b: accurate at every angle, where acos(a·b) loses small ones.
function angleDeg(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz) * DEG;
}

function secondsFor(model: SlewModel, angle: number): number {
  // Below a milliarcsecond there is no slew: two slices of one target follow each other freely.
  return angle < 3e-7 ? 0 : angle / model.rateDegPerS + model.settleS;
}
