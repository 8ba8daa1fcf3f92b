import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { connectTestNats } from '@svom/contracts/testing';
import { BaseConfig, ConfigError, createApp, loadConfig, mintPersonToken, type ServiceApp } from '@svom/service-kit';

const secret = 'k'.repeat(40);

describe('loadConfig', () => {
  test('fills defaults, converts numbers and freezes', () => {
    const config = loadConfig({ ...BaseConfig, PORT: Type.Integer({ default: 8441 }) }, { PORT: '9000' });
    expect(config.PORT).toBe(9000);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(Object.isFrozen(config)).toBe(true);
  });
  test('names every bad value at once', () => {
    try {
      loadConfig(
        { ...BaseConfig, PORT: Type.Integer({ default: 8441 }) },
        { PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('LOG_LEVEL');
    }
  });
});

describe('createApp on the real PostgreSQL and NATS', () => {
  let database: TestDatabase;
  let nats: Awaited<ReturnType<typeof connectTestNats>>;
  let app: ServiceApp;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    nats = await connectTestNats();
    app = await createApp({
      service: 'kit-test',
      title: 'kit test',
      description: 'a test',
      jwtSecret: secret,
      logger: false,
      infra: {
        database,
        nats: { nc: nats.nc, js: jetstream(nats.nc), jsm: await jetstreamManager(nats.nc), prefix: nats.prefix },
      },
    });
    app.post(
      '/things',
      {
        schema: {
          body: Type.Object({
            items: Type.Array(Type.Object({ name: Type.String({ minLength: 1 }) }), { maxItems: 2 }),
          }),
        },
        preHandler: app.requireRole('operator'),
      },
      async (request) => ({ count: request.body.items.length }),
    );
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await nats?.cleanup();
  });

  const operator = () => ({ authorization: `Bearer ${mintPersonToken(secret, 'ada', ['operator'])}` });

  test('validation errors are problem+json naming the field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: operator(),
      payload: { items: [{ name: 'a' }, { name: '' }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400, code: 'FSC_VALIDATION', field: '/body/items/1/name' });
  });

  test('malformed JSON is a 400 problem, not a crash', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { ...operator(), 'content-type': 'application/json' },
      payload: '{"items": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('FSC_MALFORMED_JSON');
  });

  test('roles: none is 401, the wrong one 403, the right one passes', async () => {
    expect((await app.inject({ method: 'POST', url: '/things', payload: { items: [] } })).statusCode).toBe(401);
    const scientist = { authorization: `Bearer ${mintPersonToken(secret, 'bob', ['scientist'])}` };
    const forbidden = await app.inject({ method: 'POST', url: '/things', headers: scientist, payload: { items: [] } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('FSC_FORBIDDEN');
    const forged = { authorization: `Bearer ${mintPersonToken('x'.repeat(40), 'eve', ['operator'])}` };
    expect(
      (await app.inject({ method: 'POST', url: '/things', headers: forged, payload: { items: [] } })).statusCode,
    ).toBe(401);
    const ok = await app.inject({
      method: 'POST',
      url: '/things',
      headers: operator(),
      payload: { items: [{ name: 'x' }] },
    });
    expect(ok.json()).toEqual({ count: 1 });
  });

  test('unknown routes are problem+json 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('FSC_NOT_FOUND');
  });

  test('health, readiness, metrics and OpenAPI', async () => {
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok', service: 'kit-test' });
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ postgres: 'ok', nats: 'ok' });
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds');
    const spec = (await app.inject({ url: '/docs/json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/things');
  });
});
