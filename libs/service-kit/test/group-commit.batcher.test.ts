import { describe, expect, test } from 'vitest';
import { GroupCommitBatcher } from '../src/group-commit.batcher.js';

/** A writer whose batches finish when the test says so, and that fails on the items it is told to. */
function controlledWriter(poison: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (items.some(poison)) throw new Error(`poisoned batch ${items.join(',')}`);
    return items.map((i) => i * 10);
  };
  const releaseAll = async () => {
    // Batches started by a finished one open later: release until nothing is left waiting.
    for (let round = 0; round < 50; round++) {
      await new Promise((r) => setImmediate(r));
      gates.splice(0).forEach((open) => open());
    }
  };
  return { write, batches, releaseAll };
}

describe('GroupCommitBatcher', () => {
  test('items that arrive while the writer is busy go together, each caller gets its own result', async () => {
    const w = controlledWriter();
    const batcher = new GroupCommitBatcher(w.write, { maxConcurrent: 1, maxWeight: 100 });
    const first = batcher.submit(1);
    await new Promise((r) => setImmediate(r)); // the first batch starts alone
    const later = [2, 3, 4, 5].map((i) => batcher.submit(i));
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1]]); // the others wait for the writer
    expect(batcher.load).toEqual({ running: 1, waiting: 4 });
    await w.releaseAll();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(w.batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  test('a batch holds at most maxWeight; a lone heavier item still goes', async () => {
    const w = controlledWriter();
    const batcher = new GroupCommitBatcher(w.write, { maxConcurrent: 1, maxWeight: 5, weight: (i) => i });
    const results = [2, 3, 1, 9, 4].map((i) => batcher.submit(i));
    await w.releaseAll();
    expect(await Promise.all(results)).toEqual([20, 30, 10, 90, 40]);
    expect(w.batches).toEqual([[2, 3], [1], [9], [4]]);
  });

  test('a failing batch is retried item by item: only the item that fails alone is rejected, nothing resolves before its write', async () => {
    const w = controlledWriter((i) => i === 3);
    const batcher = new GroupCommitBatcher(w.write, { maxConcurrent: 2, maxWeight: 100 });
    const settled: Array<PromiseSettledResult<number> | undefined> = [];
    const promises = [1, 2, 3, 4].map((i, n) =>
      batcher.submit(i).then(
        (value) => void (settled[n] = { status: 'fulfilled', value }),
        (reason) => void (settled[n] = { status: 'rejected', reason }),
      ),
    );
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(settled.filter(Boolean)).toHaveLength(0); // the batch is written, not yet finished
    await w.releaseAll();
    await Promise.all(promises);
    expect(settled.map((s) => s?.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled.map((s) => (s?.status === 'fulfilled' ? s.value : undefined))).toEqual([10, 20, undefined, 40]);
    expect(w.batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  test('a writer answering the wrong number of results fails the batch rather than misattributing them', async () => {
    const batcher = new GroupCommitBatcher(async (items: number[]) => items.slice(1), {
      maxConcurrent: 1,
      maxWeight: 10,
    });
    await expect(batcher.submit(7)).rejects.toThrow('0 results for a batch of 1');
  });
});
