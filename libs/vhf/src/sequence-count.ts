/** Arithmetic on 14-bit sequence counts, which wrap at 16384 (ICD section 2). */
import { SEQUENCE_COUNT_MODULUS } from './frame-layout.js';

/** `count + step`, wrapped into 0..16383. */
export function addSequenceCount(count: number, step: number): number {
  return (((count + step) % SEQUENCE_COUNT_MODULUS) + SEQUENCE_COUNT_MODULUS) % SEQUENCE_COUNT_MODULUS;
}

/** How many steps forward from `from` to `to`, 0..16383 (16383 → 2 is 3 steps). */
export function sequenceCountDistance(from: number, to: number): number {
  return addSequenceCount(to, -from);
}
