import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSequenceCount,
  assembleMessage,
  circularOrder,
  groupSegments,
  sequenceCountDistance,
} from '../src/index.js';
import type { SegmentFrame, SequenceFlags } from '../src/index.js';

/** A message of `n` frames from `firstCount`, payload byte i of frame k = (k * 7 + i) & 0xff. */
function message(firstCount: number, n: number, bytesPerFrame = 5): SegmentFrame[] {
  return Array.from({ length: n }, (_, k) => {
    const sequenceFlags: SequenceFlags =
      n === 1 ? 'standalone' : k === 0 ? 'first' : k === n - 1 ? 'last' : 'continuation';
    return {
      sequenceFlags,
      sequenceCount: addSequenceCount(firstCount, k),
      payload: Uint8Array.from({ length: bytesPerFrame }, (_, i) => (k * 7 + i) & 0xff),
    };
  });
}

function joined(frames: readonly SegmentFrame[]): number[] {
  return frames.flatMap((f) => [...f.payload]);
}

describe('sequence counts', () => {
  it('wrap at 16384', () => {
    expect(addSequenceCount(16383, 1)).toBe(0);
    expect(addSequenceCount(0, -1)).toBe(16383);
    expect(sequenceCountDistance(16382, 1)).toBe(3);
    expect(circularOrder([1, 16383, 0, 16382, 16383])).toEqual([16382, 16383, 0, 1]);
    expect(circularOrder([5, 3, 4])).toEqual([3, 4, 5]);
  });
});

describe('assembleMessage', () => {
  it('joins shuffled frames in count order, also across the 16383 → 0 wrap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 16383 }),
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 0, max: 5 }),
        (firstCount, n, keys, duplicates) => {
          const frames = message(firstCount, n);
          const shuffled = frames
            .concat(frames.slice(0, duplicates)) // identical copies are harmless
            .map((f, i) => ({ f, key: keys[i % keys.length]! + i / 1000 }))
            .sort((a, b) => a.key - b.key)
            .map(({ f }) => f);
          const result = assembleMessage(shuffled);
          expect(result.complete).toBe(true);
          if (!result.complete) return;
          expect([...result.payload]).toEqual(joined(frames));
          expect(result.firstCount).toBe(firstCount);
          expect(result.lastCount).toBe(addSequenceCount(firstCount, n - 1));
          expect(result.frameCount).toBe(n);
        },
      ),
    );
  });

  it('wraps explicitly: 16382, 16383, 0, 1', () => {
    const frames = message(16382, 4);
    expect(frames.map((f) => f.sequenceCount)).toEqual([16382, 16383, 0, 1]);
    const result = assembleMessage([frames[2]!, frames[0]!, frames[3]!, frames[1]!]);
    expect(result).toMatchObject({ complete: true, firstCount: 16382, lastCount: 1, frameCount: 4 });
  });

  it('lists the missing counts between first and last, across the wrap', () => {
    const frames = message(16381, 6); // 16381 .. 2
    const result = assembleMessage([frames[0]!, frames[2]!, frames[5]!]);
    expect(result).toEqual({
      complete: false,
      firstCount: 16381,
      lastCount: 2,
      missingCounts: [16382, 0, 1],
      conflictingCounts: [],
      strayCounts: [],
    });
  });

  it('without its last, gives the gaps seen so far and lastCount null', () => {
    const frames = message(100, 6);
    const result = assembleMessage([frames[0]!, frames[1]!, frames[3]!]);
    expect(result).toMatchObject({ complete: false, firstCount: 100, lastCount: null, missingCounts: [102] });
  });

  it('without its first, gives firstCount null', () => {
    const frames = message(100, 4);
    const result = assembleMessage(frames.slice(1));
    expect(result).toMatchObject({ complete: false, firstCount: null, lastCount: 103, missingCounts: [] });
  });

  it('flags the same count with different bytes as a conflict', () => {
    const frames = message(10, 3);
    const other = { ...frames[1]!, payload: Uint8Array.of(9, 9, 9) };
    expect(assembleMessage([...frames, other])).toMatchObject({ complete: false, conflictingCounts: [11] });
  });

  it('refuses a first or last in the middle, and frames beyond the last', () => {
    const frames = message(10, 4);
    const middleFirst = { ...frames[1]!, sequenceFlags: 'first' as const };
    expect(assembleMessage([frames[0]!, middleFirst, frames[2]!, frames[3]!]).complete).toBe(false);
    const stray = { sequenceFlags: 'continuation' as const, sequenceCount: 20, payload: new Uint8Array(1) };
    expect(assembleMessage([...frames, stray])).toMatchObject({ complete: false, strayCounts: [20] });
  });

  it('says incomplete, with nothing missing known, for no frames', () => {
    expect(assembleMessage([])).toMatchObject({
      complete: false,
      firstCount: null,
      lastCount: null,
      missingCounts: [],
    });
  });
});

describe('groupSegments', () => {
  it('splits a shuffled pool of two messages separated by a standalone count, across the wrap', () => {
    const a = message(16380, 3); // 16380..16382
    const b = message(0, 4); // 16383 is a standalone alert, not in the pool
    const pool = [b[2]!, a[1]!, b[0]!, a[2]!, b[3]!, a[0]!, b[1]!, b[1]!];
    const groups = groupSegments(pool);
    expect(groups.map((g) => g.result.complete)).toEqual([true, true]);
    expect(groups.map((g) => g.result.complete && [...g.result.payload])).toEqual([joined(a), joined(b)]);
    expect(groups[1]!.frames).toHaveLength(5);
  });

  it('keeps an incomplete message apart from a complete one', () => {
    const a = message(200, 4);
    const b = message(204, 3);
    const groups = groupSegments([a[0]!, a[3]!, ...b]);
    expect(groups.map((g) => g.result)).toMatchObject([
      { complete: false, firstCount: 200, lastCount: 203, missingCounts: [201, 202] },
      { complete: true, firstCount: 204, lastCount: 206 },
    ]);
  });

  it('never calls a message complete when a frame of it is missing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 16383 }),
        fc.array(fc.integer({ min: 2, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (start, sizes, dropSeed) => {
          const messages: SegmentFrame[][] = [];
          let count = start;
          for (const size of sizes) {
            messages.push(message(count, size));
            count = addSequenceCount(count, size + 1); // one standalone frame between messages
          }
          const all = messages.flat();
          const dropped = all[dropSeed % all.length]!;
          const groups = groupSegments(all.filter((f) => f !== dropped));
          const complete = groups.flatMap((g) => (g.result.complete ? [g.result.firstCount] : []));
          const hit = messages.find((m) => m.includes(dropped))!;
          expect(complete).not.toContain(hit[0]!.sequenceCount);
          expect(complete).toHaveLength(messages.length - 1);
        },
      ),
    );
  });
});
