import { AckPolicy, jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { subjectsFor } from '@svom/contracts';
import { sql } from 'kysely';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  DurableConsumer,
  UnusableMessageError,
  redeliveryDelayMs,
  type ConsumerSettings,
  type DurableConsumerOptions,
} from '@svom/service-kit';
import { eventually, startTestInfra, type TestInfra } from '@svom/service-kit/testing';

const log = pino({ level: 'silent' });
const settings: ConsumerSettings = {
  CONSUMER_ACK_WAIT_S: 10,
  CONSUMER_MAX_DELIVER: 3,
  CONSUMER_BACKOFF_MS: 20,
  CONSUMER_BACKOFF_MAX_MS: 100,
};
// The dead-letter shape every service schema has (migrations), in a schema of the suite's own.
const TABLE = `
  create schema kit;
  create table kit.dead_letters (id bigserial primary key, subject text not null, stream_seq bigint, msg_id text,
    deliveries integer not null, code text not null, reason text not null, payload text not null,
    created_at timestamptz not null default now());`;

class StillBroken extends Error {
  readonly code = 'STILL_BROKEN';
}

describe('DurableConsumer on the real NATS JetStream and PostgreSQL', () => {
  let t: TestInfra;
  let js: JetStreamClient;
  const registry = new Registry();
  const checks = new Map<string, () => Promise<void>>();
  let published = 0;

  beforeAll(async () => {
    t = await startTestInfra(['ALERTS'], {});
    await sql.raw(TABLE).execute(t.database.db);
    js = jetstream(t.nc);
  });
  afterAll(() => t?.close());

  const deps = () => ({
    db: t.database.db,
    js: t.infra.nats.js,
    jsm: t.jsm,
    natsPrefix: t.prefix,
    log,
    metrics: registry,
    addReadinessCheck: (name: string, check: () => Promise<void>) => void checks.set(name, check),
  });
  /** A consumer of the suite's notices `svom.alerts.notice.<name>` handling JSON objects. */
  const consumerOf = (
    durable: string,
    name: string,
    handle: (message: { n: number }) => Promise<void>,
    more: Partial<DurableConsumerOptions<{ n: number }>> = {},
  ) =>
    new DurableConsumer(deps(), {
      durable,
      stream: 'ALERTS',
      filterSubject: subjectsFor(t.prefix).alerts.notice(name),
      settings,
      deadLetters: 'kit.dead_letters',
      decode: (m) => {
        const value = JSON.parse(new TextDecoder().decode(m.data)) as { n?: unknown };
        if (typeof value.n !== 'number') throw new UnusableMessageError('NO_N', 'n is not a number');
        return { n: value.n };
      },
      handle,
      ...more,
    });
  const publish = (name: string, body: string) =>
    js.publish(subjectsFor(t.prefix).alerts.notice(name), body, { msgID: `m-${++published}` });
  const letters = async (subjectEnd: string) =>
    (
      await sql<{
        code: string;
        reason: string;
        deliveries: number;
        msg_id: string | null;
        payload: string;
        stream_seq: string;
      }>`select * from kit.dead_letters where subject like ${`%${subjectEnd}`} order by id`.execute(t.database.db)
    ).rows;
  const metric = async (name: string, consumer: string) => {
    const line = (await registry.metrics())
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && l.includes(`consumer="${consumer}"`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };

  test('one backoff policy: doubling from CONSUMER_BACKOFF_MS up to CONSUMER_BACKOFF_MAX_MS', () => {
    const s = { ...settings, CONSUMER_BACKOFF_MS: 500, CONSUMER_BACKOFF_MAX_MS: 30_000 };
    expect([1, 2, 3, 7, 8, 100].map((n) => redeliveryDelayMs(s, n))).toEqual([500, 1000, 2000, 30_000, 30_000, 30_000]);
  });

  test('decodes, handles in stream order and acks; /ready names it once stopped; metrics counted', async () => {
    const seen: number[] = [];
    const after: number[] = [];
    const consumer = consumerOf('c-ok', 'ok', async (m) => void seen.push(m.n), {
      afterAck: (_r, m) => void after.push(m.n),
    });
    expect(consumer.state).toBe('idle');
    await consumer.start();
    expect(consumer.state).toBe('consuming');
    await expect(checks.get('consumer c-ok')!()).resolves.toBeUndefined();
    for (let n = 1; n <= 20; n++) await publish('ok', JSON.stringify({ n }));
    await eventually(() => consumer.handled === 20, 'twenty handled');
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(after).toEqual(seen);
    const info = await t.jsm.consumers.info(consumer.stream, 'c-ok');
    expect(info.num_ack_pending).toBe(0);
    expect(info.config.max_deliver).toBe(-1);
    expect(await metric('jetstream_consumer_delivered_total', 'c-ok')).toBe(20);
    expect(await metric('jetstream_consumer_acked_total', 'c-ok')).toBe(20);
    expect(await metric('jetstream_consumer_redelivered_total', 'c-ok')).toBe(0);
    expect(await metric('jetstream_consumer_lag', 'c-ok')).toBe(0);
    await consumer.stop();
    expect(consumer.state).toBe('stopped');
    await expect(checks.get('consumer c-ok')!()).rejects.toThrow('stopped');
  });

  test('what cannot be decoded is a dead letter at once, with its code; the consumer goes on', async () => {
    const seen: number[] = [];
    const consumer = consumerOf('c-bad', 'bad', async (m) => void seen.push(m.n));
    await consumer.start();
    try {
      await publish('bad', 'not json');
      await publish('bad', JSON.stringify({ n: 'x' }));
      await publish('bad', JSON.stringify({ n: 3 }));
      await eventually(() => consumer.handled === 1 && consumer.deadLettered === 2, 'two dead letters, one handled');
      const rows = await letters('.bad');
      expect(rows.map((r) => r.code)).toEqual(['UNDECODABLE', 'NO_N']);
      expect(rows[0]).toMatchObject({ payload: 'not json', deliveries: 1, msg_id: expect.stringMatching(/^m-/) });
      expect(seen).toEqual([3]);
      expect(await metric('jetstream_consumer_dead_lettered_total', 'c-bad')).toBe(1);
    } finally {
      await consumer.stop();
    }
  });

  test('a transient failure is naked with the backoff, then handled; one always failing is GAVE_UP at the last delivery', async () => {
    const attempts: number[] = [];
    const consumer = consumerOf('c-flaky', 'flaky', async (m) => {
      attempts.push(Date.now());
      if (m.n === 1 && attempts.length <= 2) throw new Error('database away');
      if (m.n === 2) throw new Error('always broken');
    });
    await consumer.start();
    try {
      await publish('flaky', JSON.stringify({ n: 1 }));
      await eventually(() => consumer.handled === 1, 'handled at its third delivery');
      expect(attempts).toHaveLength(3);
      // nak(20 ms), then nak(40 ms).
      expect(attempts[2]! - attempts[0]!).toBeGreaterThanOrEqual(55);
      expect(await metric('jetstream_consumer_redelivered_total', 'c-flaky')).toBe(2);
      expect(await metric('jetstream_consumer_naked_total', 'c-flaky')).toBe(2);

      await publish('flaky', JSON.stringify({ n: 2 }));
      await eventually(() => consumer.deadLettered === 1, 'a dead letter after three deliveries');
      const [letter] = await letters('.flaky');
      expect(letter).toMatchObject({ code: 'GAVE_UP', deliveries: 3, reason: 'failed 3 times: always broken' });
    } finally {
      await consumer.stop();
    }
  });

  test('a permanent error is a dead letter at its first delivery, with the error code', async () => {
    const consumer = consumerOf(
      'c-perm',
      'perm',
      async () => {
        throw new StillBroken('no such burst');
      },
      { isPermanent: (e) => e instanceof StillBroken },
    );
    await consumer.start();
    try {
      await publish('perm', JSON.stringify({ n: 1 }));
      await eventually(() => consumer.deadLettered === 1, 'the dead letter');
      expect(await letters('.perm')).toMatchObject([{ code: 'STILL_BROKEN', deliveries: 1, reason: 'no such burst' }]);
    } finally {
      await consumer.stop();
    }
  });

  test('never terminated without its record: while the dead letter cannot be written, the message comes back', async () => {
    const consumer = consumerOf('c-norecord', 'norecord', async () => {});
    await consumer.start();
    try {
      await sql`alter table kit.dead_letters rename to dead_letters_away`.execute(t.database.db);
      await publish('norecord', 'not json');
      // Past CONSUMER_MAX_DELIVER (3): still there, naked each time.
      await eventually(
        async () => (await metric('jetstream_consumer_delivered_total', 'c-norecord')) >= 5,
        'five deliveries without a record',
      );
      expect(consumer.deadLettered).toBe(0);
      await sql`alter table kit.dead_letters_away rename to dead_letters`.execute(t.database.db);
      await eventually(() => consumer.deadLettered === 1, 'the record once the table is back');
      const [letter] = await letters('.norecord');
      expect(letter!.code).toBe('GAVE_UP');
      expect(letter!.deliveries).toBeGreaterThan(3);
      expect(letter!.payload).toBe('not json');
    } finally {
      await sql`alter table if exists kit.dead_letters_away rename to dead_letters`.execute(t.database.db);
      await consumer.stop();
    }
  });

  test('an existing durable consumer is brought to the settings; a deleted one is made again and consuming resumes', async () => {
    const filter = subjectsFor(t.prefix).alerts.notice('again');
    const consumer = consumerOf('c-again', 'again', async () => {});
    await t.jsm.consumers.add(consumer.stream, {
      durable_name: 'c-again',
      filter_subject: filter,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(5000),
      max_deliver: 3,
    });
    await consumer.start();
    try {
      const info = await t.jsm.consumers.info(consumer.stream, 'c-again');
      expect(info.config.ack_wait).toBe(nanos(10_000));
      expect(info.config.max_deliver).toBe(-1);
      await publish('again', JSON.stringify({ n: 1 }));
      await eventually(() => consumer.handled === 1, 'the first message');

      await t.jsm.consumers.delete(consumer.stream, 'c-again');
      await eventually(
        async () => (await t.jsm.consumers.info(consumer.stream, 'c-again').catch(() => undefined)) !== undefined,
        'the consumer made again',
        20_000,
      );
      await eventually(() => consumer.state === 'consuming', 'consuming again', 20_000);
      await publish('again', JSON.stringify({ n: 2 }));
      await eventually(() => consumer.handled >= 2, 'the message after the restart', 20_000);
    } finally {
      await consumer.stop();
    }
  });

  test('/ready fails while the consumer cannot consume (no stream), and start waits for it', async () => {
    const consumer = new DurableConsumer(deps(), {
      durable: 'c-nostream',
      stream: 'PLAN', // not made by this suite
      filterSubject: subjectsFor(t.prefix).plan.all,
      settings,
      deadLetters: 'kit.dead_letters',
      decode: () => undefined,
      handle: async () => {},
    });
    let started = false;
    const starting = consumer.start().then(() => (started = true));
    try {
      await eventually(() => consumer.state === 'restarting', 'restarting');
      await expect(checks.get('consumer c-nostream')!()).rejects.toThrow('not consuming');
      expect(started).toBe(false);
    } finally {
      await consumer.stop();
      await starting;
    }
  });
});
