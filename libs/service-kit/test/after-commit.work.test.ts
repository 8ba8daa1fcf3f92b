import { Registry } from 'prom-client';
import { describe, expect, test } from 'vitest';
import { AfterCommitWork } from '../src/after-commit.work.js';
import { GroupCommitBatcher } from '../src/group-commit.batcher.js';

// The order of things after a group commit, alone (the database and NATS are in the ingest's
// receptions and resilience tests, the alerts' one-shot VTP test): a caller is answered once its
// write commits; what follows the commit runs after, bounded, and settled() waits for it.

describe('AfterCommitWork', () => {
  test('callers are answered at commit; the work runs after, bounded, and settled() waits for it', async () => {
    const gates: Array<() => void> = [];
    let started = 0;
    const work = new AfterCommitWork(2);
    const batcher = new GroupCommitBatcher<number, number>(
      async (items) => {
        work.run(() => {
          started++;
          return new Promise<void>((resolve) => gates.push(resolve));
        });
        return items;
      },
      { maxConcurrent: 1, maxWeight: 10 },
    );
    // Each resolves although the work of its commit has not finished (nor will, yet).
    for (let i = 0; i < 3; i++) expect(await batcher.submit(i)).toBe(i);
    // The third commit found two runs going: its work is left to the sweepers.
    expect([started, work.skipped, work.running]).toEqual([2, 1, 2]);

    let settled = false;
    const waiting = work.settled().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    for (const open of gates) open();
    await waiting;
    expect([settled, work.running]).toEqual([true, 0]);
    // Room again: the next run starts.
    expect(work.run(async () => {})).toBe(true);
  });

  test('a failed write rejects its caller and starts no work; a failed run is reported, not thrown', async () => {
    let ran = 0;
    const errors: unknown[] = [];
    const work = new AfterCommitWork(2, (error) => errors.push(error));
    const batcher = new GroupCommitBatcher<number, number>(
      async () => {
        throw Object.assign(new Error('connection terminated'), { code: '57P01' });
      },
      { maxConcurrent: 1, maxWeight: 10 },
    );
    await expect(batcher.submit(1)).rejects.toMatchObject({ code: '57P01' });
    await work.settled();
    expect(ran).toBe(0);

    work.run(async () => {
      ran++;
      throw new Error('NATS away');
    });
    await work.settled();
    expect(ran).toBe(1);
    expect(errors).toEqual([expect.objectContaining({ message: 'NATS away' })]);
  });

  test('skips are counted in the service metrics, per work, from 0', async () => {
    const registry = new Registry();
    const outbox = new AfterCommitWork(1, undefined, { registry, work: 'outbox' });
    new AfterCommitWork(1, undefined, { registry, work: 'other' });
    const scraped = async (work: string) =>
      Number(
        (await registry.metrics())
          .split('\n')
          .find((l) => l.startsWith(`after_commit_work_skipped_total{work="${work}"}`))
          ?.split(' ')
          .at(-1),
      );
    expect(await scraped('outbox')).toBe(0);
    let open = () => {};
    expect(outbox.run(() => new Promise<void>((resolve) => (open = resolve)))).toBe(true);
    // One run going, the most allowed: these two are skipped.
    expect(outbox.run(async () => {})).toBe(false);
    expect(outbox.run(async () => {})).toBe(false);
    expect(await scraped('outbox')).toBe(2);
    expect(await scraped('other')).toBe(0);
    open();
    await outbox.settled();
    expect(outbox.run(async () => {})).toBe(true);
    expect(await scraped('outbox')).toBe(2);
  });
});
