import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWebApp, type WebApp } from '../src/app.js';
import { buildClient } from './build-client.js';
import { secret } from './stack.js';

// The web service sheds load like every service started by runService (MAX_EVENT_LOOP_DELAY_MS),
// but never on the page's files: a 503 on the page or on one of its modules left a dead page no
// browser retries (seen with shedding on: index.html and every /js/chunks/ module answered 503,
// the dashboard never started). Its API calls and /events are shed, and the page retries those.
const THRESHOLD_MS = 20;
// under-pressure reads the mean delay over one-second samples: a 4 s block lifts the mean of the
// sample holding it past 20 ms (as in libs/service-kit/test/load-shedding.test.ts).
const BLOCK_MS = 4000;
const NOWHERE = 'http://127.0.0.1:9';

describe('the dashboard while its web service sheds load', () => {
  let app: WebApp;
  beforeAll(async () => {
    buildClient();
    app = await buildWebApp({
      jwtSecret: secret,
      logger: false,
      limits: { maxEventLoopDelayMs: THRESHOLD_MS, overloadRetryAfterS: 3 },
      settings: {
        ALERTS_URL: NOWHERE,
        INGEST_URL: NOWHERE,
        FOLLOWUP_URL: NOWHERE,
        SCHEDULER_URL: NOWHERE,
        NOTIFY_URL: NOWHERE,
        UPSTREAM_TIMEOUT_MS: 1000,
      },
    });
    await app.ready();
  });
  afterAll(async () => app?.close());

  const api = () => app.inject({ url: '/api/alerts/v1/bursts' });

  test('the page and its modules answer 200 while /api and /events answer 503 with Retry-After', async () => {
    expect((await api()).statusCode).not.toBe(503);
    const until = Date.now() + BLOCK_MS;
    while (Date.now() < until);

    // The sample holding the block is read within a second or two of it; the checks below are
    // made between two refusals, so all of them fall inside the overload.
    let shed = await api();
    for (let tries = 0; shed.statusCode !== 503 && tries < 60; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      shed = await api();
    }
    expect(shed.statusCode).toBe(503);
    const page = await app.inject({ url: '/' });
    const main = await app.inject({ url: '/js/main.js' });
    const live = await app.inject({ url: '/js/live.js' });
    const events = await app.inject({ url: '/events', headers: { accept: 'text/event-stream' } });
    expect((await api()).statusCode).toBe(503);

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(main.statusCode).toBe(200);
    expect(live.statusCode).toBe(200);
    expect(events.statusCode).toBe(503);
    expect(events.headers['retry-after']).toBe('3');
    expect(events.json()).toMatchObject({ code: 'FSC_OVERLOADED' });
  }, 30_000);
});
