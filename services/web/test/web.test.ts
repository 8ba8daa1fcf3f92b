import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWebApp } from '../src/app.js';
import { buildClient } from './build-client.js';
import { burstVector, eventually, secret, startStack, tokenFor, type Stack } from './stack.js';

/** Reads an event stream over real HTTPS until `until` holds for the events seen. */
function readEvents(
  url: string,
  ca: string,
  until: (events: Array<{ event: string; data: any }>) => boolean,
  timeoutMs = 15_000,
) {
  return new Promise<Array<{ event: string; data: any }>>((resolve, reject) => {
    const events: Array<{ event: string; data: any }> = [];
    const req = request(url, { ca, headers: { accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ? JSON.parse(data) : null });
        }
        if (until(events)) {
          req.destroy();
          resolve(events);
        }
      });
    });
    req.on('error', (e) => (events.length ? undefined : reject(e)));
    setTimeout(
      () => (req.destroy(), reject(new Error(`events seen: ${events.map((e) => e.event).join(', ')}`))),
      timeoutMs,
    ).unref();
    req.end();
  });
}

describe('web service: assets, proxy, live events', () => {
  let stack: Stack;
  beforeAll(async () => {
    buildClient();
    stack = await startStack();
  }, 60_000);
  afterAll(async () => stack?.close());

  test('the page and its modules are served, the page with a same-origin CSP', async () => {
    const page = await stack.web.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('/js/main.js');
    const js = await stack.web.inject({ url: '/js/main.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await stack.web.inject({ url: '/style.css' })).statusCode).toBe(200);
    expect((await stack.web.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok', service: 'web' });
  });

  test('/api/<service>/v1/... reaches each service over HTTPS with the query string', async () => {
    const bursts = await stack.web.inject({ url: '/api/alerts/v1/bursts?limit=5' });
    expect(bursts.statusCode).toBe(200);
    expect(bursts.json()).toEqual({ bursts: [], nextCursor: null });
    expect((await stack.web.inject({ url: '/api/ingest/v1/stations' })).json()).toHaveProperty('stations');
    expect((await stack.web.inject({ url: '/api/followup/v1/facilities' })).statusCode).toBe(200);
    expect((await stack.web.inject({ url: '/api/scheduler/v1/plans' })).json()).toHaveProperty('plans');
    // An upstream's problem+json comes back as it was.
    const bad = await stack.web.inject({ url: '/api/alerts/v1/bursts?limit=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  test('nothing but /v1/ of a known service is proxied (no way to another host)', async () => {
    for (const path of [
      '/api/nope/v1/x',
      '/api/alerts/health',
      '/api/alerts//evil.example/v1/x',
      '/api/alerts/v1/../../metrics'.replace('/../..', '/%2e%2e/%2e%2e'),
    ]) {
      const res = await stack.web.inject({ url: path });
      expect([400, 404]).toContain(res.statusCode);
    }
    expect((await stack.web.inject({ url: '/api/nope/v1/x' })).json().code).toBe('WEB_UNKNOWN_UPSTREAM');
  });

  test('the JSON schemas at their $id paths and the AsyncAPI document, on the public host as on alerts', async () => {
    const index = await stack.web.inject({ url: '/schemas/v1/' });
    expect(index.statusCode).toBe(200);
    const listed = JSON.stringify(index.json());
    expect(listed).toContain('/schemas/v1/messages/');
    const direct = await stack.alerts.inject({ url: '/schemas/v1/notices/envelope.schema.json' });
    const proxied = await stack.web.inject({ url: '/schemas/v1/notices/envelope.schema.json' });
    expect(proxied.statusCode).toBe(200);
    expect(proxied.headers['content-type']).toMatch(/application\/schema\+json/);
    expect(proxied.headers['access-control-allow-origin']).toBe('*');
    expect(proxied.json()).toEqual(direct.json());
    const asyncapi = await stack.web.inject({ url: '/asyncapi.json' });
    expect(asyncapi.statusCode).toBe(200);
    expect(asyncapi.json()).toMatchObject({ asyncapi: '3.0.0' });
    // Only what alerts publishes there: no way out of /schemas to its other routes or another host.
    for (const path of ['/schemas/v1/nope.schema.json', '/schemas/%2e%2e%2fmetrics', '/schemas//evil.example/x'])
      expect([400, 404], path).toContain((await stack.web.inject({ url: path })).statusCode);
  });

  test('a service that is down answers 502 problem+json', async () => {
    const lonely = await buildWebApp({
      jwtSecret: secret,
      logger: false,
      settings: {
        ALERTS_URL: 'https://127.0.0.1:1',
        INGEST_URL: 'https://127.0.0.1:1',
        FOLLOWUP_URL: 'https://127.0.0.1:1',
        SCHEDULER_URL: 'https://127.0.0.1:1',
        NOTIFY_URL: 'https://127.0.0.1:1',
        UPSTREAM_TIMEOUT_MS: 2000,
      },
    });
    const res = await lonely.inject({ url: '/api/alerts/v1/bursts' });
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('WEB_UPSTREAM_DOWN');
    await lonely.close();
  });

  test('/api/notify/v1/...: subscriptions by JWT, a refused webhook target with its field, pause, PATCH, DELETE, alarms', async () => {
    const sam = { authorization: `Bearer ${tokenFor('sam', ['scientist'])}` };
    const operator = { authorization: `Bearer ${tokenFor('olga', ['operator'])}` };
    expect((await stack.web.inject({ url: '/api/notify/v1/subscriptions' })).statusCode).toBe(401);
    // The guard of notify, seen through the proxy as the dashboard's form sees it.
    const refused = await stack.web.inject({
      method: 'POST',
      url: '/api/notify/v1/subscriptions',
      headers: sam,
      payload: { name: 'metadata', channel: { type: 'webhook', url: 'http://169.254.169.254/latest/meta-data/' } },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'NOTIFY_WEBHOOK_TARGET_REFUSED', field: '/body/channel/url' });
    const made = await stack.web.inject({
      method: 'POST',
      url: '/api/notify/v1/subscriptions',
      headers: sam,
      payload: {
        name: 'MXT',
        filter: { types: ['mxt'] },
        channel: { type: 'webhook', url: 'https://93.184.215.14/h' },
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    expect(made.json()).toMatchObject({ status: 'active', owner: 'sam', secret: expect.any(String) });
    const mine = await stack.web.inject({ url: '/api/notify/v1/subscriptions', headers: sam });
    expect(mine.json().subscriptions.map((s: { id: string }) => s.id)).toEqual([id]);
    const theirs = await stack.web.inject({
      url: '/api/notify/v1/subscriptions',
      headers: { authorization: `Bearer ${tokenFor('tom', ['scientist'])}` },
    });
    expect(theirs.json().subscriptions).toEqual([]);
    const all = await stack.web.inject({ url: '/api/notify/v1/subscriptions', headers: operator });
    expect(all.json().subscriptions.map((s: { id: string }) => s.id)).toContain(id);
    // A POST without a body (the pause button) reaches notify as one.
    const paused = await stack.web.inject({
      method: 'POST',
      url: `/api/notify/v1/subscriptions/${id}/pause`,
      headers: sam,
    });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().status).toBe('paused');
    // A change (the dashboard's edit form) reaches notify as a PATCH.
    const changed = await stack.web.inject({
      method: 'PATCH',
      url: `/api/notify/v1/subscriptions/${id}`,
      headers: sam,
      payload: { name: 'MXT and VT', filter: { types: ['mxt', 'vt'] } },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'MXT and VT', filter: { types: ['mxt', 'vt'] }, status: 'paused' });
    const gone = await stack.web.inject({ method: 'DELETE', url: `/api/notify/v1/subscriptions/${id}`, headers: sam });
    expect(gone.statusCode, gone.body).toBe(204);
    expect(gone.body).toBe('');
    const after = await stack.web.inject({ url: `/api/notify/v1/subscriptions/${id}`, headers: sam });
    expect(after.statusCode).toBe(404);
    expect((await stack.web.inject({ url: '/api/notify/v1/alarms', headers: sam })).statusCode).toBe(403);
    expect((await stack.web.inject({ url: '/api/notify/v1/alarms?open=true', headers: operator })).json()).toEqual({
      alarms: [],
    });
  });

  test('a fed burst reaches /events; an advocate retracts it through the proxy and /events says so', async () => {
    const caPem = stack.ca;
    const seen = readEvents(`${stack.webUrl}/events`, caPem, (events) =>
      events.some((e) => e.event === 'burst' && e.data.burstId === 'sb26031401'),
    );
    await new Promise((r) => setTimeout(r, 300));
    await stack.feedBurst(await stack.addStations());
    const events = await seen;
    expect(events[0]!.event).toBe('ready');
    await eventually(
      async () =>
        (await stack.web.inject({ url: '/api/alerts/v1/bursts/sb26031401' })).json().notices?.length ===
        burstVector.expect.notices.length,
      'every notice',
    );

    const retraction = {
      method: 'POST' as const,
      url: '/api/alerts/v1/bursts/sb26031401/retraction',
      payload: { reason: 'a known X-ray binary' },
    };
    expect((await stack.web.inject(retraction)).statusCode).toBe(401);
    expect(
      (
        await stack.web.inject({
          ...retraction,
          headers: { authorization: `Bearer ${tokenFor('sci', ['scientist'])}` },
        })
      ).statusCode,
    ).toBe(403);
    const retracted = readEvents(`${stack.webUrl}/events`, caPem, (ev) =>
      ev.some((e) => e.event === 'burst' && e.data.status === 'retracted'),
    );
    await new Promise((r) => setTimeout(r, 300));
    const ok = await stack.web.inject({
      ...retraction,
      headers: { authorization: `Bearer ${tokenFor('ada', ['burst-advocate'])}` },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ burstId: 'sb26031401', action: 'retracted', by: 'ada' });
    await retracted;
    expect((await stack.web.inject({ url: '/api/alerts/v1/bursts/sb26031401' })).json().status).toBe('retracted');
  });
});
