import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { testServerUrl } from '@svom/db/testing';
import { startPrivateNatsServer } from '@svom/service-kit/testing';
import {
  addStation,
  count,
  eventually,
  hexToBase64,
  platformFrame,
  post,
  startIngest,
  streamMessages,
  vectors,
  type Harness,
} from './helper.js';

/** `n` distinct platform packets (the recurrent frame, its OBT and sequence count changed), one per second from `from`. */
function platformReceptions(stationId: string, n: number, firstSeq: number, from: Date) {
  return Array.from({ length: n }, (_, i) => ({
    stationId,
    receivedAt: new Date(from.getTime() + i * 1000 + 500).toISOString(),
    frame: platformFrame(firstSeq + i, new Date(from.getTime() + i * 1000)),
  }));
}

describe('nothing acknowledged is lost', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('NATS stopped during posting: every 200 is published later from the outbox, exactly once', async () => {
    // A nats-server of this test's own, so it may be killed and started again.
    const nats = await startPrivateNatsServer();
    cleanups.push(() => nats.close());
    const h: Harness = await startIngest({ natsUrl: nats.url });
    cleanups.push(() => h.close());
    h.app.runtime.start();
    const token = await addStation(h.app, 'ST1');

    // 40 distinct platform packets: the recurrent frame with its OBT and sequence count changed.
    const frames = Array.from({ length: 40 }, (_, i) =>
      platformFrame(100 + i, new Date(Date.UTC(2026, 1, 11, 19, 0, i * 60))),
    );
    const receptions = frames.map((frame, i) => ({
      stationId: 'ST1',
      receivedAt: new Date(Date.UTC(2026, 1, 11, 19, 0, i * 60 + 5)).toISOString(),
      frame,
    }));

    const answers: number[] = [];
    for (let i = 0; i < 40; i += 4) {
      if (i === 16) await nats.kill(); // NATS goes away in the middle of the posting
      const res = await post(h.app, token, receptions.slice(i, i + 4));
      answers.push(res.statusCode);
    }
    // Postgres is up, so every request is durable: 200, with the packets waiting in the outbox.
    expect(answers.every((s) => s === 200)).toBe(true);
    expect(await count(h.database, 'vhf.packets', 'apid = 784')).toBe(40);
    expect(await count(h.database, 'vhf.outbox')).toBeGreaterThan(0);

    await nats.restart();
    await eventually(async () => (await count(h.database, 'vhf.outbox')) === 0, 'the outbox to drain', 20_000);
    const onStream = (await streamMessages(h.jsm, h.prefix)).filter((m) => m.data.apid === 0x310);
    expect(onStream).toHaveLength(40);
    expect(new Set(onStream.map((m) => m.data.key)).size).toBe(40);
  }, 60_000);

  test('NATS stalled: the 200 comes at commit, not after JetStream; the packets follow once it resumes', async () => {
    // Stopped, not killed: the connection stays open and publishes wait for acks that do not come
    // (a node electing a leader, a cluster without quorum). The answer must not wait with them.
    const nats = await startPrivateNatsServer();
    cleanups.push(() => nats.close());
    const h: Harness = await startIngest({ natsUrl: nats.url });
    cleanups.push(() => h.close());
    const token = await addStation(h.app, 'ST3');
    const receptions = platformReceptions('ST3', 10, 500, new Date(Date.UTC(2026, 1, 12, 8, 0, 0)));
    const publisher = h.app.runtime.publisher;
    process.kill(nats.pid()!, 'SIGSTOP');
    let res: Awaited<ReturnType<typeof post>>;
    let offeredAtReply: { published: number; failed: number };
    try {
      res = await post(h.app, token, receptions);
      // Answered while the offer to JetStream is still waiting for its acks (they time out after
      // 2 s): before issue 10 the reply came after them, with every publish counted as failed.
      offeredAtReply = { published: publisher.published, failed: publisher.failed };
    } finally {
      process.kill(nats.pid()!, 'SIGCONT');
    }
    expect(res.statusCode).toBe(200);
    expect(offeredAtReply).toEqual({ published: 0, failed: 0 });
    expect(await count(h.database, 'vhf.packets', 'apid = 784')).toBe(10);
    h.app.runtime.start(); // the drain takes what the stalled offer left
    await eventually(async () => (await count(h.database, 'vhf.outbox')) === 0, 'the outbox to drain', 20_000);
    const onStream = (await streamMessages(h.jsm, h.prefix)).filter((m) => m.data.apid === 0x310);
    expect(onStream).toHaveLength(10);
    expect(new Set(onStream.map((m) => m.data.key)).size).toBe(10);
  }, 60_000);

  test('NATS stalled past 32 commits: the post-commit work skipped is counted in /metrics, the drain publishes it', async () => {
    const nats = await startPrivateNatsServer();
    cleanups.push(() => nats.close());
    const h: Harness = await startIngest({ natsUrl: nats.url });
    cleanups.push(() => h.close());
    const token = await addStation(h.app, 'ST4');
    const receptions = platformReceptions('ST4', 200, 1000, new Date(Date.UTC(2026, 1, 13, 8, 0, 0)));
    const { afterCommit } = h.app.runtime;
    const scraped = async () => {
      const line = (await h.app.inject({ url: '/metrics' })).body
        .split('\n')
        .find((l) => l.startsWith('after_commit_work_skipped_total{') && l.includes('work="receptions"'));
      return Number(line?.split(' ').at(-1));
    };
    expect(await scraped()).toBe(0);
    process.kill(nats.pid()!, 'SIGSTOP');
    let posted = 0;
    try {
      // One request, one commit, one run waiting for JetStream acks that do not come (2 s each):
      // the 33rd run at once is skipped. Posted until one is, however slow the machine.
      while (afterCommit.skipped < 3 && posted < receptions.length) {
        const res = await post(h.app, token, [receptions[posted++]]);
        expect(res.statusCode).toBe(200);
      }
    } finally {
      process.kill(nats.pid()!, 'SIGCONT');
    }
    expect(afterCommit.skipped).toBeGreaterThanOrEqual(3);
    expect(await scraped()).toBe(afterCommit.skipped);
    // What was skipped is left to the outbox drain: every packet, once.
    h.app.runtime.start();
    await eventually(async () => (await count(h.database, 'vhf.outbox')) === 0, 'the outbox to drain', 20_000);
    const onStream = (await streamMessages(h.jsm, h.prefix)).filter((m) => m.data.apid === 0x310);
    expect(onStream).toHaveLength(posted);
    expect(new Set(onStream.map((m) => m.data.key)).size).toBe(posted);
  }, 60_000);

  test('PostgreSQL gone: 503 problem+json, and the station is told to retry', async () => {
    const h = await startIngest();
    const token = await addStation(h.app, 'ST2');
    const frame = hexToBase64(vectors.frames.frames[1].hex);
    // The suite's own database is dropped under the running service.
    const admin = new pg.Client({ connectionString: testServerUrl });
    await admin.connect();
    await admin.query(`drop database ${h.database.name} with (force)`);
    await admin.end();
    const res = await post(h.app, token, [{ stationId: 'ST2', receivedAt: '2026-02-11T19:24:40.000Z', frame }]);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('VHF_NOT_DURABLE');
    const ready = await h.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    await h.app.close();
    await h.nc.drain();
  });
});
