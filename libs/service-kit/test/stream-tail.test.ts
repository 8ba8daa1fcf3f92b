import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStreams, streamName, subjectsFor } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StreamTail } from '../src/stream-tail.js';
import { eventually } from '../src/testing.js';

describe('StreamTail: the VOEvents of ALERTS from an ordered consumer', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let prefix: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ nc, prefix, cleanup } = await connectTestNats());
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    await jsm.streams.delete(streamName('ALERTS', prefix)).catch(() => false);
    await cleanup();
  });

  test('waits for a stream that is not there yet, then hands over what is stored after it starts, once each, in order', async () => {
    const subjects = subjectsFor(prefix);
    const warnings: string[] = [];
    const seen: string[] = [];
    const tail = new StreamTail({
      js: jetstream(nc),
      jsm,
      stream: streamName('ALERTS', prefix),
      filterSubject: subjects.alerts.voevents,
      onMessage: (m) => seen.push(m.string()),
      log: { warn: (_o, msg) => void warnings.push(msg) },
      retryMs: 50,
      maxRetryMs: 200,
    });
    let started = false;
    const starting = tail.start().then(() => (started = true));
    // No stream: the tail retries, saying so, and is not ready.
    await eventually(() => warnings.length >= 2, 'two failed starts');
    expect(tail.state).toBe('restarting');
    expect(started).toBe(false);

    await ensureStreams(jsm, { prefix }, ['ALERTS']);
    await starting;
    expect(tail.state).toBe('consuming');
    const js = jetstream(nc);
    // A notice on the same stream is not a VOEvent: filtered out.
    await js.publish(subjects.alerts.notice('slewing'), '{}');
    for (let i = 0; i < 5; i++) await js.publish(subjects.alerts.voevent('external'), `new${i}`);
    await eventually(() => seen.length >= 5, 'the five events');
    expect(seen).toEqual(['new0', 'new1', 'new2', 'new3', 'new4']);
    await tail.stop();
    expect(tail.state).toBe('stopped');

    // A tail started on a stream that holds events hands over only those stored after it starts.
    const later: string[] = [];
    const second = new StreamTail({
      js,
      jsm,
      stream: streamName('ALERTS', prefix),
      filterSubject: subjects.alerts.voevents,
      onMessage: (m) => later.push(m.string()),
      log: { warn: () => {} },
    });
    await second.start();
    await js.publish(subjects.alerts.voevent('external'), 'newer');
    await eventually(() => later.length >= 1, 'the event stored after the second start');
    expect(later).toEqual(['newer']);
    await second.stop();
    // The stopped tail's consumer was closed: nothing more reached it.
    expect(seen).toHaveLength(5);
  });

  test('a handler that throws costs only its message: the tail starts again after it, the rest in order', async () => {
    const subjects = subjectsFor(prefix);
    const js = jetstream(nc);
    const handed: string[] = [];
    const warnings: string[] = [];
    const tail = new StreamTail({
      js,
      jsm,
      stream: streamName('ALERTS', prefix),
      filterSubject: subjects.alerts.voevents,
      onMessage: (m) => {
        handed.push(m.string());
        if (m.string() === 'poison') throw new Error('cannot relay this one');
      },
      log: { warn: (_o, msg) => void warnings.push(msg) },
      retryMs: 20,
    });
    await tail.start();
    for (const text of ['a', 'poison', 'b', 'c']) await js.publish(subjects.alerts.voevent('external'), text);
    await eventually(() => handed.includes('c'), 'the events after the one that threw');
    // Handed over once each (the poison is not retried for ever), and the restart was logged.
    expect(handed).toEqual(['a', 'poison', 'b', 'c']);
    expect(warnings).toContain('stream tail interrupted; starting again');
    expect(tail.state).toBe('consuming');
    await tail.stop();
  });

  test('a consumer lost under the tail (gone from the server) is made again by its watchdog, after the last message', async () => {
    const subjects = subjectsFor(prefix);
    const stream = streamName('ALERTS', prefix);
    const js = jetstream(nc);
    const seen: string[] = [];
    const warnings: string[] = [];
    const tail = new StreamTail({
      js,
      jsm,
      stream,
      filterSubject: subjects.alerts.voevents,
      onMessage: (m) => seen.push(m.string()),
      log: { warn: (o, msg) => void warnings.push(`${msg} ${String((o as { err?: Error }).err?.message)}`) },
      retryMs: 20,
      checkMs: 200,
    });
    await tail.start();
    await js.publish(subjects.alerts.voevent('external'), 'before');
    await eventually(() => seen.includes('before'), 'the event before the loss');
    // What a NATS node lost with the tail's consumer on it leaves: no consumer, no word of it.
    for await (const c of await jsm.consumers.list(stream)) await jsm.consumers.delete(stream, c.name);
    await js.publish(subjects.alerts.voevent('external'), 'after');
    // The library alone took 45 s here (two missed heartbeats of a 30 s pull); the watchdog asks
    // every 200 ms.
    await eventually(() => seen.includes('after'), 'the event stored after the loss', 20_000);
    expect(seen.filter((x) => x === 'before' || x === 'after')).toEqual(['before', 'after']);
    expect(warnings.some((w) => w.startsWith('stream tail interrupted; starting again'))).toBe(true);
    await tail.stop();
  });
});
