import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { connectLive, type LiveEvent, type LiveState } from '../src/client/live.js';
import { MAX_BACKOFF_MS, reconnectDelayMs, retryAfterMs } from '../src/client/live/reconnect-delay.js';
import { SseParser } from '../src/client/live/sse-parser.js';

describe('the event stream parser', () => {
  const stream =
    ': heartbeat\n\nevent: ready\ndata: {"at":"2026-03-14T02:12:58.004Z"}\n\nid: 7\r\nevent: burst\r\ndata: {"a":1,\r\ndata: "b":2}\r\n\r\ndata:plain\rretry: 10\r\revent: station\ndata\n\n';
  const expected = [
    { event: 'ready', data: '{"at":"2026-03-14T02:12:58.004Z"}' },
    { event: 'burst', data: '{"a":1,\n"b":2}' },
    { event: 'message', data: 'plain' },
    { event: 'station', data: '' },
  ];

  test('events, names, multi-line data, comments and the three line ends', () => {
    expect(new SseParser().push(stream)).toEqual(expected);
  });

  test('the same events however the stream is cut into chunks (every cut in two, then byte by byte)', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const parser = new SseParser();
      expect([...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))], `cut at ${cut}`).toEqual(
        expected,
      );
    }
    const parser = new SseParser();
    expect([...stream].flatMap((c) => parser.push(c))).toEqual(expected);
  });

  test('an event is dispatched only by its blank line; one without data is dropped', () => {
    const parser = new SseParser();
    expect(parser.push('event: burst\ndata: 1\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'burst', data: '1' }]);
    expect(parser.push('event: plan\n\n')).toEqual([]);
  });
});

describe('the wait before the next attempt', () => {
  test('Retry-After in seconds or as a date; absent or unreadable is undefined; capped', () => {
    const now = Date.parse('2026-03-14T02:00:00Z');
    expect(retryAfterMs('5', now)).toBe(5000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Sat, 14 Mar 2026 02:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sat, 14 Mar 2026 01:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('86400', now)).toBe(300_000);
  });

  test('backoff doubles from 1 s with jitter in [½, 1], is capped, and never undercuts Retry-After', () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n, undefined, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n, undefined, 0.999_999))).toEqual([1000, 2000, 4000, 8000]);
    expect(reconnectDelayMs(40, undefined, 0.999_999)).toBe(MAX_BACKOFF_MS);
    expect(reconnectDelayMs(0, 5000, 0.5)).toBe(5000);
    expect(reconnectDelayMs(6, 5000, 0.999_999)).toBe(MAX_BACKOFF_MS);
  });
});

/**
 * A stand-in for the web service's /events, on a real port: it answers each attempt as `answer`
 * says (by attempt number), and can cut the open stream.
 */
async function startEvents(answer: (attempt: number, res: ServerResponse) => void) {
  const streams: ServerResponse[] = [];
  let attempts = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/events') return res.writeHead(404).end();
    attempts++;
    answer(attempts, res);
    if (res.statusCode === 200) streams.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    attempts: () => attempts,
    streams,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const stream = (res: ServerResponse, events: string) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(events);
};
const overloaded = (res: ServerResponse, retryAfterS: string) =>
  res
    .writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': retryAfterS })
    .end('{"status":503,"code":"FSC_OVERLOADED"}');

describe('connectLive against a server that sheds load', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  test('answered 503 with Retry-After twice, it waits as asked, then goes live and delivers events', async () => {
    const server = await startEvents((n, res) =>
      n <= 2 ? overloaded(res, '1') : stream(res, `event: ready\ndata: {"n":${n}}\n\n`),
    );
    cleanup.push(server.close);
    const states: Array<[LiveState, number | undefined]> = [];
    const events: LiveEvent[] = [];
    const stop = connectLive(
      (e) => events.push(e),
      (s, retryInMs) => states.push([s, retryInMs]),
      { url: server.url, random: () => 0 },
    );
    cleanup.push(stop);

    await vi.waitFor(() => expect(states.at(-1)?.[0]).toBe('live'), { timeout: 15_000 });
    // EventSource stops at the first 503 (readyState CLOSED): this client asked three times.
    expect(server.attempts()).toBe(3);
    // Each wait is the service's Retry-After (1 s), not the shorter backoff (0.5 s, 1 s).
    expect(states).toEqual([
      ['connecting', undefined],
      ['reconnecting', 1000],
      ['reconnecting', 1000],
      ['live', undefined],
    ]);
    expect(events).toEqual([{ event: 'ready', data: { n: 3 } }]);

    server.streams[0]!.write('event: burst\ndata: {"burstId":"sb26031401"}\n\nevent: unknown\ndata: 1\n\n');
    await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 5000 });
    expect(events[1]).toEqual({ event: 'burst', data: { burstId: 'sb26031401' } });
  }, 30_000);

  test('a stream that ends is opened again (backoff from the start once it was live); stopping ends the attempts', async () => {
    const server = await startEvents((n, res) => stream(res, `event: ready\ndata: {"n":${n}}\n\n`));
    cleanup.push(server.close);
    const states: Array<[LiveState, number | undefined]> = [];
    const events: LiveEvent[] = [];
    const stop = connectLive(
      (e) => events.push(e),
      (s, retryInMs) => states.push([s, retryInMs]),
      { url: server.url, random: () => 0 },
    );
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 5000 });
    server.streams[0]!.end();
    await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 10_000 });
    expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(states).toEqual([
      ['connecting', undefined],
      ['live', undefined],
      ['reconnecting', 500],
      ['live', undefined],
    ]);

    stop();
    await vi.waitFor(() => expect(server.streams[1]!.destroyed || server.streams[1]!.writableEnded).toBe(true), {
      timeout: 5000,
    });
    const attempts = server.attempts();
    await new Promise((r) => setTimeout(r, 1200));
    expect(server.attempts()).toBe(attempts);
  }, 30_000);

  test('a refusal without Retry-After and an answer that is not a stream are both retried with growing waits', async () => {
    const server = await startEvents((n, res) => {
      if (n === 1) return res.writeHead(502, { 'content-type': 'application/problem+json' }).end('{}');
      if (n === 2) return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>a proxy page</p>');
      stream(res, 'event: ready\ndata: {}\n\n');
    });
    cleanup.push(server.close);
    const states: Array<[LiveState, number | undefined]> = [];
    const stop = connectLive(
      () => {},
      (s, retryInMs) => states.push([s, retryInMs]),
      { url: server.url, random: () => 0 },
    );
    cleanup.push(stop);
    await vi.waitFor(() => expect(states.at(-1)?.[0]).toBe('live'), { timeout: 15_000 });
    expect(states.map(([, ms]) => ms)).toEqual([undefined, 500, 1000, undefined]);
  }, 30_000);
});
