import { Writable } from 'node:stream';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createApp } from '@svom/service-kit';

// Issue 15: the hot routes' successes leave the info level (one in N stays, saying so); their
// failures, and every other route's requests, are logged at info as before, 5xx at warn.
interface Line {
  level: number;
  msg: string;
  req?: { url: string };
  res?: { statusCode: number };
  sampled?: string;
}
const INFO = 30;
const WARN = 40;
const DEBUG = 20;

async function appLogging(level: string, sample: number) {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n')) if (text) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const app = await createApp({
    service: 'log-test',
    title: 't',
    description: 't',
    jwtSecret: 'l'.repeat(40),
    logger: { level, stream },
    requestLogSample: sample,
  });
  app.post(
    '/hot',
    { config: { requestLog: 'sampled' }, schema: { body: Type.Object({ n: Type.Integer() }) } },
    async (request) => {
      if ((request.body as { n: number }).n < 0) throw new Error('a fault of the handler');
      return { ok: true };
    },
  );
  app.get('/plain', async () => ({ ok: true }));
  // What one request logged.
  const linesOf = async (inject: InjectOptions) => {
    const before = lines.length;
    const res = await app.inject(inject);
    return { res, lines: lines.slice(before) };
  };
  return { app, lines, linesOf };
}

describe('request logs at info', () => {
  let h: Awaited<ReturnType<typeof appLogging>>;
  beforeAll(async () => {
    h = await appLogging('info', 4);
  });
  afterAll(async () => h?.app.close());

  const post = (n: unknown) => ({ method: 'POST' as const, url: '/hot', payload: { n } });

  test('a successful hot-route request logs nothing at info', async () => {
    const { res, lines } = await h.linesOf(post(1));
    expect(res.statusCode).toBe(200);
    expect(lines).toEqual([]);
  });

  test('one success in N is logged at info, marked sampled', async () => {
    const logged: Line[] = [];
    for (let i = 0; i < 7; i++) logged.push(...(await h.linesOf(post(1))).lines);
    // 8 successes so far (one in the test above) at 1 in 4: the 4th and the 8th.
    expect(logged).toHaveLength(2);
    for (const line of logged) {
      expect(line).toMatchObject({ level: INFO, msg: 'request completed', sampled: '1 in 4' });
      expect(line.req?.url).toBe('/hot');
    }
  });

  test('a failing hot-route request is logged at info (4xx) with the request', async () => {
    const { res, lines } = await h.linesOf(post('not a number'));
    expect(res.statusCode).toBe(400);
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ level: INFO, req: { url: '/hot' }, res: { statusCode: 400 } });
    expect(completed[0]?.sampled).toBeUndefined();
  });

  test('a 5xx on a hot route is logged at warn (and its error at error)', async () => {
    const { res, lines } = await h.linesOf(post(-1));
    expect(res.statusCode).toBe(500);
    expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({
      level: WARN,
      res: { statusCode: 500 },
    });
    expect(lines.some((l) => l.msg === 'request failed' && l.level === 50)).toBe(true);
  });

  test('an ordinary route logs its request and completion at info, as before', async () => {
    const { lines } = await h.linesOf({ method: 'GET', url: '/plain' });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [INFO, 'incoming request'],
      [INFO, 'request completed'],
    ]);
  });

  test('probes and scrapes are hot routes too', async () => {
    const { lines } = await h.linesOf({ method: 'GET', url: '/health' });
    expect(lines).toEqual([]);
  });
});

describe('request logs at debug', () => {
  test('the hot route is all there, at debug', async () => {
    const h = await appLogging('debug', 0);
    try {
      const { lines } = await h.linesOf({ method: 'POST', url: '/hot', payload: { n: 1 } });
      const requestLines = lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
      expect(requestLines.map((l) => l.level)).toEqual([DEBUG, DEBUG]);
    } finally {
      await h.app.close();
    }
  });
});
