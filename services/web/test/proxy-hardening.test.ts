import type { ClientRequest } from 'node:http';
import { request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildClient } from './build-client.js';
import { eventually, startStack, tokenFor, type Stack } from './stack.js';

// Issue 16 item 4: the dashboard's proxy cannot be starved, and nothing but /v1/ reaches an upstream.

/** A GET over real HTTPS, path sent byte for byte as given (no client-side normalisation). */
function get(
  stack: Stack,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(`${stack.webUrl}/`, { path, ca: stack.ca, headers, timeout: 20_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body,
          ms: Date.now() - started,
        }),
      );
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${path}: no answer in 20 s`)));
    req.end();
  });
}

/** Opens an event stream and resolves once its head arrived (status), leaving it open. */
function openStream(stack: Stack, path: string): Promise<{ status: number; req: ClientRequest }> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.webUrl}${path}`, { ca: stack.ca, headers: { accept: 'text/event-stream' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, req });
    });
    req.on('error', (e) => reject(e));
    req.end();
  });
}

describe('web proxy under hostile clients', () => {
  let stack: Stack;
  beforeAll(async () => {
    buildClient();
    // Caps above 64 so the 64 streams are really held, on the web service and on alerts behind it.
    stack = await startStack({ limits: { sseMaxClients: 80, sseMaxClientsPerIp: 70 } });
  }, 60_000);
  afterAll(async () => stack?.close());

  test('64 open alert streams through the proxy leave Burst Advocate calls answering', async () => {
    const streams = await Promise.all(Array.from({ length: 64 }, () => openStream(stack, '/api/alerts/v1/stream')));
    try {
      expect(streams.map((s) => s.status).filter((s) => s !== 200)).toEqual([]);
      expect(stack.web.sseClients.open).toBe(64);
      const list = await get(stack, '/api/alerts/v1/bursts?limit=5');
      console.log(`64 streams open; GET /api/alerts/v1/bursts → ${list.status} in ${list.ms} ms`);
      expect(list.status).toBe(200);
      const retraction = await new Promise<{ status: number; ms: number }>((resolve, reject) => {
        const started = Date.now();
        const req = request(
          `${stack.webUrl}/api/alerts/v1/bursts/sb00000000/retraction`,
          {
            method: 'POST',
            ca: stack.ca,
            headers: {
              authorization: `Bearer ${tokenFor('ada', ['burst-advocate'])}`,
              'content-type': 'application/json',
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ reason: 'probe' }));
      });
      console.log(`64 streams open; POST a retraction → ${retraction.status} in ${retraction.ms} ms`);
      // The burst does not exist: a 404 from alerts is an answer, not a hang or a 504.
      expect(retraction.status).toBe(404);
    } finally {
      for (const s of streams) s.req.destroy();
    }
    await eventually(() => stack.web.sseClients.open === 0, 'the streams released');
  });

  test('streams past the per-address cap get 429 problem+json; a freed place admits the next', async () => {
    const streams = await Promise.all(Array.from({ length: 70 }, () => openStream(stack, '/events')));
    try {
      const refused = await get(stack, '/events', { accept: 'text/event-stream' });
      console.log(`70 open /events, one more → ${refused.status} ${refused.body.slice(0, 160)}`);
      expect(refused.status).toBe(429);
      expect(refused.type).toMatch(/problem\+json/);
      expect(JSON.parse(refused.body).code).toBe('FSC_TOO_MANY_STREAMS');
      const proxied = await get(stack, '/api/alerts/v1/stream', { accept: 'text/event-stream' });
      expect(proxied.status).toBe(429);
      // Ordinary calls are not streams and still pass.
      expect((await get(stack, '/api/alerts/v1/bursts')).status).toBe(200);
      streams.pop()!.req.destroy();
      await eventually(() => stack.web.sseClients.open === 69, 'a place freed');
      const next = await openStream(stack, '/events');
      expect(next.status).toBe(200);
      streams.push(next);
    } finally {
      for (const s of streams) s.req.destroy();
    }
    await eventually(() => stack.web.sseClients.open === 0, 'the streams released');
  });

  test.each([
    '/api/alerts/v1/../metrics',
    '/api/alerts/v1/%2e%2e/metrics',
    '/api/alerts/v1/%2E%2E/ready',
    '/api/alerts/v1/..%2fdocs',
    '/api/alerts/v1/..%5cdocs',
    '/api/alerts/v1/./../docs/json',
    '/api/ingest/v1/x/../../metrics',
    '/api/alerts/v1/..\\metrics',
  ])('%s never reaches the upstream outside /v1/', async (path) => {
    const res = await get(stack, path);
    console.log(`GET ${path} → ${res.status} ${res.body.slice(0, 120)}`);
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/problem\+json/);
    expect(JSON.parse(res.body).code).toMatch(/^(WEB_UNKNOWN_UPSTREAM|FSC_NOT_FOUND)$/);
    expect(res.body).not.toContain('process_cpu');
  });

  test('a dashboard tab that never reads its stream is dropped, not buffered for', async () => {
    const { port } = new URL(stack.webUrl);
    const socket = tlsConnect({ host: '127.0.0.1', port: Number(port), ca: stack.ca, servername: 'localhost' });
    await new Promise((r) => socket.once('secureConnect', r));
    socket.write('GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n');
    // Read the head, then never again.
    await new Promise((r) => socket.once('data', r));
    socket.pause();
    await eventually(() => stack.web.sseClients.open === 1, 'the stream admitted');
    const before = process.memoryUsage().rss;
    const data = { burstId: 'sb00000000', note: 'x'.repeat(16_384) };
    for (let i = 0; i < 4000 && stack.web.sseClients.open > 0; i++) {
      stack.web.hub.emit('live', { event: 'burst', data });
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    await eventually(() => stack.web.sseClients.open === 0, 'the stalled client dropped', 40_000);
    const grownMb = (process.memoryUsage().rss - before) / 2 ** 20;
    const metrics = (await stack.web.inject({ url: '/metrics' })).body;
    console.log(
      `stalled client dropped; rss grew ${grownMb.toFixed(0)} MB; ${/sse_streams_total\{[^}]*dropped[^\n]*/.exec(metrics)?.[0]}`,
    );
    expect(metrics).toMatch(/sse_streams_total\{[^}]*outcome="dropped"[^}]*\} [1-9]/);
    socket.destroy();
  });
});
