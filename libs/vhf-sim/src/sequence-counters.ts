import { SEQUENCE_COUNT_MODULUS } from '@svom/vhf';

/**
 * The on-board sequence counters, one per APID, incrementing with every frame and wrapping
 * at 16384. The simulator's only mutable state, so a run can carry it from burst to burst.
 */
export class SequenceCounters {
  readonly #next = new Map<number, number>();

  /** @param initial first count to hand out per APID (default 0) */
  constructor(initial: Readonly<Record<number, number>> = {}) {
    for (const [apid, count] of Object.entries(initial)) this.#next.set(Number(apid), count % SEQUENCE_COUNT_MODULUS);
  }

  /** Takes `frames` consecutive counts of an APID; returns the first one. */
  take(apid: number, frames = 1): number {
    const first = this.#next.get(apid) ?? 0;
    this.#next.set(apid, (first + frames) % SEQUENCE_COUNT_MODULUS);
    return first;
  }

  /** The count the next frame of `apid` will get. */
  peek(apid: number): number {
    return this.#next.get(apid) ?? 0;
  }
}
