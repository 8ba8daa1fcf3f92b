import { connect, type Socket } from 'node:net';
import { createSigner } from 'fast-jwt';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createApp,
  createError,
  cursorKey,
  decodeCursor,
  encodeCursor,
  mintPersonToken,
  nextCursor,
  RecentIds,
  type ServiceApp,
} from '@svom/service-kit';

// Issue 16, items 5 and 6: the kit's timeouts, caps, token checks before the body, typed claims.
const secret = 'h'.repeat(40);
const sign = (claims: Record<string, unknown>, options: Record<string, unknown> = {}) =>
  createSigner({ key: secret, algorithm: 'HS256', ...options })(claims);

/** Sends raw bytes on a fresh socket; resolves with what came back when the server closes it (or after `waitMs`). */
function raw(
  port: number,
  bytes: string,
  waitMs = 8000,
): Promise<{ text: string; closedAfterMs: number; firstByteMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let text = '';
    let firstByteMs = Number.POSITIVE_INFINITY;
    const done = () => resolve({ text, closedAfterMs: Date.now() - started, firstByteMs });
    socket.on('data', (chunk) => {
      firstByteMs = Math.min(firstByteMs, Date.now() - started);
      text += chunk.toString('latin1');
    });
    socket.on('close', done);
    socket.on('error', () => {});
    socket.write(bytes);
    setTimeout(() => socket.destroy(), waitMs).unref();
  });
}

describe('HTTP limits and person tokens (kit)', () => {
  let app: ServiceApp;
  let port: number;
  let bodiesParsed = 0;

  beforeAll(async () => {
    app = await createApp({
      service: 'kit-hardening',
      title: 't',
      description: 't',
      jwtSecret: secret,
      logger: false,
      limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, maxConnections: 8, sseMaxClients: 2 },
    });
    app.addHook('preParsing', async () => void bodiesParsed++);
    app.post(
      '/things',
      {
        schema: { body: Type.Object({ name: Type.String() }) },
        // Written as a preHandler, as every route does: the kit runs it at onRequest.
        preHandler: app.requireRole('operator'),
      },
      async (request) => ({ name: request.body.name, by: request.user.sub }),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => app?.close());

  const post = (authorization: string) =>
    app.inject({ method: 'POST', url: '/things', headers: { authorization }, payload: { name: 'x' } });

  test('a well-formed token of a known role passes', async () => {
    const res = await post(`Bearer ${mintPersonToken(secret, 'ada', ['operator'])}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'x', by: 'ada' });
  });

  test.each([
    ['no exp', () => sign({ sub: 'eve', roles: ['operator'], iss: 'svom-fsc' })],
    ['no iss', () => sign({ sub: 'eve', roles: ['operator'] }, { expiresIn: 60_000 })],
    ['another iss', () => sign({ sub: 'eve', roles: ['operator'] }, { expiresIn: 60_000, iss: 'elsewhere' })],
    ['no sub', () => sign({ roles: ['operator'] }, { expiresIn: 60_000, iss: 'svom-fsc' })],
    ['roles a string', () => sign({ sub: 'eve', roles: 'xoperatorx' }, { expiresIn: 60_000, iss: 'svom-fsc' })],
    [
      'an unknown role',
      () => sign({ sub: 'eve', roles: ['operator', 'root'] }, { expiresIn: 60_000, iss: 'svom-fsc' }),
    ],
    ['roles of objects', () => sign({ sub: 'eve', roles: [{}] }, { expiresIn: 60_000, iss: 'svom-fsc' })],
    [
      'HS512, not the configured HS256',
      () => sign({ sub: 'eve', roles: ['operator'] }, { expiresIn: 60_000, iss: 'svom-fsc', algorithm: 'HS512' }),
    ],
    [
      'alg none',
      () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({ sub: 'eve', roles: ['operator'], iss: 'svom-fsc', exp: 4e9 }),
        ).toString('base64url')}.`,
    ],
    ['expired', () => sign({ sub: 'eve', roles: ['operator'], iss: 'svom-fsc', exp: 1000 })],
  ])('a token with %s is a 401 problem', async (_what, token) => {
    const res = await post(`Bearer ${token()}`);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().code).toBe('FSC_UNAUTHORIZED');
  });

  test('the token is checked before the body is read: a stranger announcing 1 MB gets 401 at once', async () => {
    const before = bodiesParsed;
    const { text, firstByteMs } = await raw(
      port,
      'POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\nAuthorization: Bearer nope\r\n\r\n{"na',
      5000,
    );
    console.log(`sent: POST /things, Content-Length 1000000, 4 bytes of body, bad token → ${text.split('\r\n')[0]}`);
    expect(text).toMatch(/^HTTP\/1\.1 401/);
    // Answered without waiting for the body (the 2 s request timeout would be the other way).
    expect(firstByteMs).toBeLessThan(1500);
    expect(bodiesParsed).toBe(before);
  });

  test('a request head dribbled slower than the head timeout gets 408 and its socket closed', async () => {
    const { text, closedAfterMs } = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\n', 8000);
    console.log(
      `sent: a request head never finished → ${text.split('\r\n')[0] || '(closed)'} after ${closedAfterMs} ms`,
    );
    expect(closedAfterMs).toBeLessThan(5000);
    expect(text === '' || /^HTTP\/1\.1 408/.test(text)).toBe(true);
  });

  test('a body never finished is cut at the request timeout', async () => {
    const token = mintPersonToken(secret, 'ada', ['operator']);
    const { text, closedAfterMs } = await raw(
      port,
      `POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nAuthorization: Bearer ${token}\r\n\r\n{"na`,
      8000,
    );
    console.log(
      `sent: an operator's body, 4 of 100 bytes → ${text.split('\r\n')[0] || '(closed)'} after ${closedAfterMs} ms`,
    );
    expect(closedAfterMs).toBeLessThan(5000);
  });

  test('connections past the cap are refused at accept; the service answers again once they go', async () => {
    const held: Socket[] = [];
    for (let i = 0; i < 12; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => {});
      held.push(s);
    }
    await new Promise((r) => setTimeout(r, 300));
    const open = await new Promise<number>((resolve) => app.server.getConnections((_e, n) => resolve(n)));
    expect(open).toBeLessThanOrEqual(8);
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const { text } = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 3000);
    expect(text).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('cursors and recent ids', () => {
  test('a cursor must have the parts its route made, each of its kind', () => {
    const good = encodeCursor(['2026-03-14T01:02:03.000Z', 'sb26031401']);
    expect(decodeCursor(good, ['timestamp', 'string'] as const)).toEqual(['2026-03-14T01:02:03.000Z', 'sb26031401']);
    for (const bad of ['WyJ4IiwieSJd', encodeCursor([1, 'x']), encodeCursor(['2026-13-45T99:00:00Z', 'x']), '!!', ''])
      expect(decodeCursor(bad, ['timestamp', 'string'] as const)).toBeUndefined();
    expect(decodeCursor(encodeCursor([42]), ['integer'] as const)).toEqual([42]);
    expect(decodeCursor(encodeCursor([4.5]), ['integer'] as const)).toBeUndefined();
    expect(decodeCursor(encodeCursor(['42']), ['integer'] as const)).toBeUndefined();
  });

  test("a page starts after its cursor's key; a cursor not made here is the service's own 400 on the cursor", () => {
    const BadCursor = createError('THINGS_BAD_CURSOR', 'this cursor was not made by this API', 400);
    expect(cursorKey(undefined, ['integer'] as const, BadCursor)).toBeUndefined();
    expect(cursorKey(encodeCursor([42]), ['integer'] as const, BadCursor)).toEqual([42]);
    let thrown: unknown;
    try {
      cursorKey(encodeCursor(['42']), ['integer'] as const, BadCursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadCursor);
    expect(thrown).toMatchObject({ code: 'THINGS_BAD_CURSOR', statusCode: 400, field: '/querystring/cursor' });
  });

  test("a full page's next cursor is its last row's key; a shorter page is the last", () => {
    const rows = [{ id: 9 }, { id: 7 }];
    const next = nextCursor(rows, 2, (last) => [last.id]);
    expect(next && decodeCursor(next, ['integer'] as const)).toEqual([7]);
    expect(nextCursor(rows, 3, (last) => [last.id])).toBeNull();
    expect(nextCursor([], 0, () => [1])).toBeNull();
  });

  test('RecentIds remembers at most its capacity, the newest', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) expect(ids.add(id)).toBe(true);
    expect(ids.size).toBe(3);
    expect(ids.add('d')).toBe(false);
    expect(ids.add('a')).toBe(true); // forgotten: the oldest went first
  });
});
