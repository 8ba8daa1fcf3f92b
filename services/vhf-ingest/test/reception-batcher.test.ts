import { describe, expect, test } from 'vitest';
import { ReceptionBatcher } from '../src/ingest/reception.batcher.js';
import type { ReceptionInput, RecordOutcome } from '../src/ingest/reception.service.js';

// The group commit's order of things, alone (the database is in receptions.test.ts and
// resilience.test.ts): a request is answered once its write commits, whatever follows the commit
// (offering the packets to JetStream, reassembly) runs after, bounded, and stop waits for it.

const input = (i: number): ReceptionInput => ({
  stationId: 'B1',
  receivedAt: '2026-02-11T19:24:33.105Z',
  frame: `f${i}`,
});
const committed = (inputs: ReceptionInput[]): RecordOutcome => ({
  results: inputs.map((r) => ({ status: 'accepted', packetKey: r.frame })),
  outbox: [],
  multiFrame: [],
});

describe('ReceptionBatcher', () => {
  test('answers at commit; the post-commit work runs after, bounded, and settled() waits for it', async () => {
    const gates: Array<() => void> = [];
    let started = 0;
    const batcher = new ReceptionBatcher(
      async (inputs) => committed(inputs),
      () => {
        started++;
        return new Promise<void>((resolve) => gates.push(resolve));
      },
      { maxConcurrent: 1, maxReceptions: 10, maxAfterCommit: 2 },
    );
    // Each resolves although the post-commit work of its commit has not finished (nor will, yet).
    for (let i = 0; i < 3; i++)
      expect(await batcher.submit([input(i)])).toEqual([{ status: 'accepted', packetKey: `f${i}` }]);
    // The third commit found two runs going: its packets are left to the outbox drain.
    expect([started, batcher.skippedAfterCommit]).toEqual([2, 1]);

    let settled = false;
    const waiting = batcher.settled().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    for (const open of gates) open();
    await waiting;
    expect(settled).toBe(true);
  });

  test('a failed write rejects its request; post-commit work never runs for it', async () => {
    let ran = 0;
    const batcher = new ReceptionBatcher(
      async () => {
        throw Object.assign(new Error('connection terminated'), { code: '57P01' });
      },
      async () => {
        ran++;
      },
      { maxConcurrent: 1, maxReceptions: 10, maxAfterCommit: 2 },
    );
    await expect(batcher.submit([input(0)])).rejects.toMatchObject({ code: '57P01' });
    await batcher.settled();
    expect(ran).toBe(0);
  });
});
