/**
 * The dashboard's reads against a real HTTP server that answers as a restarting service behind
 * the web service's proxy would: transient answers are asked again (waiting at least what
 * Retry-After says), anything else is handed back at once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { fetchWithRetry, MAX_READ_RETRY_AFTER_MS } from '../src/client/read-retry.js';

async function startServer(answer: (attempt: number, req: IncomingMessage, res: ServerResponse) => void) {
  let attempts = 0;
  const server = createServer((req, res) => answer(++attempts, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alerts/v1/bursts`;
  return {
    read: () => fetch(url),
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const problem = (res: ServerResponse, status: number, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers }).end(`{"status":${status}}`);
const ok = (res: ServerResponse, n: number) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(`{"attempt":${n}}`);

describe('a dashboard read', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const waits = [10, 20, 30];

  test('502, 504 and 503 with Retry-After are asked again, waiting what the service asked for', async () => {
    const server = await startServer((n, _req, res) =>
      n === 1
        ? problem(res, 502)
        : n === 2
          ? problem(res, 504)
          : n === 3
            ? problem(res, 503, { 'retry-after': '1' })
            : ok(res, n),
    );
    closers.push(server.close);
    const slept: number[] = [];
    const res = await fetchWithRetry(server.read, waits, async (ms) => {
      slept.push(ms);
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ attempt: 4 });
    // The planned waits, but the third is the service's Retry-After of 1 s.
    expect(slept).toEqual([10, 20, 1000]);
  });

  test('a request that got no answer (the connection dropped) is asked again', async () => {
    const server = await startServer((n, req, res) => (n === 1 ? req.socket.destroy() : ok(res, n)));
    closers.push(server.close);
    const res = await fetchWithRetry(server.read, waits, async () => {});
    expect(await res.json()).toEqual({ attempt: 2 });
  });

  test('once the waits are spent, the last transient answer is handed back; errors that are not transient at once', async () => {
    const down = await startServer((_n, _req, res) => problem(res, 502));
    closers.push(down.close);
    expect((await fetchWithRetry(down.read, waits, async () => {})).status).toBe(502);
    expect(down.attempts()).toBe(waits.length + 1);

    const missing = await startServer((_n, _req, res) => problem(res, 404));
    closers.push(missing.close);
    expect((await fetchWithRetry(missing.read, waits, async () => {})).status).toBe(404);
    expect(missing.attempts()).toBe(1);
  });

  test('a Retry-After past the limit is not waited for; a write (no waits) is never asked again', async () => {
    const longShed = await startServer((_n, _req, res) =>
      problem(res, 503, { 'retry-after': String(MAX_READ_RETRY_AFTER_MS / 1000 + 1) }),
    );
    closers.push(longShed.close);
    expect((await fetchWithRetry(longShed.read, waits, async () => {})).status).toBe(503);
    expect(longShed.attempts()).toBe(1);

    const dropped = await startServer((_n, req) => req.socket.destroy());
    closers.push(dropped.close);
    await expect(fetchWithRetry(dropped.read, [], async () => {})).rejects.toThrow();
    expect(dropped.attempts()).toBe(1);
  });
});
