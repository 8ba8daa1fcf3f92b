import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BaseConfig, createApp, httpLimitsFrom, loadConfig, type ServiceApp } from '@svom/service-kit';

// Issue 15: @fastify/under-pressure in the kit. The event loop is really blocked (a busy loop
// in a route); the service then answers 503 problem+json with Retry-After to everything but its
// probes, and answers again once the loop is free.
const THRESHOLD_MS = 20;
// under-pressure reads the mean delay over one-second samples: a 4 s block lifts the mean of the
// sample holding it past 20 ms however many 10 ms ticks share that sample (at most ~100).
const BLOCK_MS = 4000;

describe('load shedding when the event loop lags', () => {
  let app: ServiceApp;
  let bodiesRead = 0;

  beforeAll(async () => {
    app = await createApp({
      service: 'pressure-test',
      title: 't',
      description: 't',
      jwtSecret: 'p'.repeat(40),
      logger: false,
      limits: { maxEventLoopDelayMs: THRESHOLD_MS, overloadRetryAfterS: 7 },
    });
    app.addHook('preParsing', async () => void bodiesRead++);
    app.post('/busy', async () => {
      const until = Date.now() + BLOCK_MS;
      while (Date.now() < until);
      return { blockedMs: BLOCK_MS };
    });
    app.post('/things', { schema: { body: Type.Object({ name: Type.String() }) } }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(async () => app?.close());

  const thing = () => app.inject({ method: 'POST', url: '/things', payload: { name: 'x' } });

  /** Asks until `accept` likes the answer; fails naming `what` after `ms`. */
  async function until<T>(ask: () => Promise<T>, accept: (t: T) => boolean, what: string, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const answer = await ask();
      if (accept(answer)) return answer;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  test('503 with Retry-After while overloaded, probes still answer, then back to normal', async () => {
    expect((await thing()).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/busy' })).statusCode).toBe(200);

    // The sample holding the block is read within a second or two of it.
    // Bodies read before the request that is shed: the overload may end right after it, so the
    // "refused before the body is read" check is made on that very request.
    let readBefore = 0;
    const shed = await until(
      () => ((readBefore = bodiesRead), thing()),
      (r) => r.statusCode === 503,
      '503',
      3000,
    );
    expect(shed.headers['retry-after']).toBe('7');
    expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(shed.json()).toMatchObject({ status: 503, code: 'FSC_OVERLOADED' });
    expect(shed.json().detail).toMatch(/event loop delay \d+ ms/);
    // Refused before the body is read.
    expect(bodiesRead).toBe(readBefore);
    // The probes and the scrape are never shed (a health check must tell "busy" from "dead").
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics' })).body).toContain('http_errors_total{route="/things",status="503"');

    // The next sample finds a free loop: requests are served again.
    await until(thing, (r) => r.statusCode === 200, 'recovery', 5000);
  }, 20_000);
});

describe('the settings', () => {
  test('a service started by runService sheds past 1000 ms by default; MAX_* change it', () => {
    expect(httpLimitsFrom(loadConfig(BaseConfig, {}))).toMatchObject({
      maxEventLoopDelayMs: 1000,
      maxHeapUsedMb: 0,
      maxRssMb: 0,
      overloadRetryAfterS: 5,
    });
    const set = { MAX_EVENT_LOOP_DELAY_MS: '250', MAX_RSS_MB: '900', OVERLOAD_RETRY_AFTER_S: '2' };
    expect(httpLimitsFrom(loadConfig(BaseConfig, set))).toMatchObject({
      maxEventLoopDelayMs: 250,
      maxRssMb: 900,
      overloadRetryAfterS: 2,
    });
  });
});

describe('without limits (an app built in a test or a bench)', () => {
  test('nothing is shed: the plugin is not even registered', async () => {
    const app = await createApp({
      service: 'no-pressure',
      title: 't',
      description: 't',
      jwtSecret: 'n'.repeat(40),
      logger: false,
    });
    try {
      await app.ready();
      expect(app.hasDecorator('isUnderPressure')).toBe(false);
    } finally {
      await app.close();
    }
  });
});
