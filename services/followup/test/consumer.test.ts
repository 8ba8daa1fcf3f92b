import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNoticeConsumer } from '../src/consumers/notice.consumer.js';
import { count, eventually, publishNotice, startFollowup, type Harness } from './helper.js';
import { slewing } from './notices.js';

describe('the notice consumer on the real JetStream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startFollowup({ now: new Date('2026-01-15T15:00:00Z') });
  });
  afterAll(() => h?.close());

  test('a transient failure is retried, then after max_deliver the notice is a dead letter', async () => {
    const attempts: number[] = [];
    let failUntil = 2;
    // A second durable consumer on the same stream, with a handler that fails on demand.
    const consumer = createNoticeConsumer(
      h.app,
      async (notice) => {
        attempts.push(Date.now());
        if (notice.burstId === 'sb26011521' && attempts.length <= failUntil) throw new Error('database away');
        if (notice.burstId === 'sb26011522') throw new Error('always broken');
      },
      {
        durable: 'followup-flaky',
        settings: {
          CONSUMER_ACK_WAIT_S: 10,
          CONSUMER_MAX_DELIVER: 3,
          CONSUMER_BACKOFF_MS: 50,
          CONSUMER_BACKOFF_MAX_MS: 1000,
        },
      },
    );
    await consumer.start();
    try {
      await publishNotice(
        h,
        slewing('sb26011521', '2026-01-15T14:58:12.340Z', { raDeg: 97, decDeg: 40, errorRadiusDeg: 0.1 }),
      );
      await eventually(async () => consumer.handled === 1, 'the notice handled on its third delivery');
      expect(attempts).toHaveLength(3);
      failUntil = 0;

      const before = await count(h.database, 'followup.dead_letters');
      await publishNotice(
        h,
        slewing('sb26011522', '2026-01-15T14:58:12.340Z', { raDeg: 97, decDeg: 40, errorRadiusDeg: 0.1 }),
      );
      await eventually(
        async () => (await count(h.database, 'followup.dead_letters')) === before + 1,
        'a dead letter after three deliveries',
      );
      const letter = await h.database.db
        .selectFrom('followup.dead_letters' as any)
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(letter).toMatchObject({ deliveries: 3, msg_id: 'ivo://org.svom/fsc#sb26011522_slewing' });
      expect(letter.reason).toContain('failed 3 times: always broken');
      expect(letter.code).toBe('GAVE_UP');
      expect(consumer.deadLettered).toBe(1);
    } finally {
      await consumer.stop();
      await h.app.jsm.consumers.delete(consumer.stream, 'followup-flaky').catch(() => false);
    }
  });

  test('/ready answers 503 naming the consumer once it stopped for good', async () => {
    // (The flaky consumer above, stopped, already makes /ready 503: it is named too.)
    expect((await h.app.inject({ url: '/ready' })).json().checks).toMatchObject({
      'consumer followup': 'ok',
      'consumer followup-flaky': 'stopped',
    });
    await h.app.runtime.consumer.stop();
    const ready = await h.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toMatchObject({ 'consumer followup': 'stopped', postgres: 'ok', nats: 'ok' });
  });
});
