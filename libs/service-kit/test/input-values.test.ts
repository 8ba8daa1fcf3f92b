import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type ServiceApp } from '@svom/service-kit';

// What the OpenAPI hostile-input test (test/attack/openapi-fuzz.attack.ts, issue 15) found
// passing the route schemas and reaching PostgreSQL or the router's own JSON: each is a
// problem+json 400 (or 414) naming the field now, with no handler run.
describe('values no schema stopped', () => {
  let app: ServiceApp;
  let handled = 0;

  beforeAll(async () => {
    app = await createApp({
      service: 'input-test',
      title: 't',
      description: 't',
      jwtSecret: 'i'.repeat(40),
      logger: false,
    });
    app.get(
      '/things/:id',
      {
        schema: {
          params: Type.Object({ id: Type.String() }),
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }) }),
        },
      },
      async (request) => {
        handled++;
        return { id: request.params.id, limit: request.query.limit };
      },
    );
    app.post(
      '/things',
      {
        schema: {
          body: Type.Object({
            latitudeDeg: Type.Number({ minimum: -90, maximum: 90 }),
            tags: Type.Array(Type.String()),
          }),
        },
      },
      async () => {
        handled++;
        return { ok: true };
      },
    );
    app.post('/anything', { schema: { body: Type.Unknown() } }, async () => {
      handled++;
      return { ok: true };
    });
    await app.ready();
  });
  afterAll(async () => app?.close());

  const problem = (res: Awaited<ReturnType<ServiceApp['inject']>>) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.json() as { status: number; code: string; field?: string; detail: string };
  };

  test('Infinity and 1e400 in a query, coerced by Ajv past its own maximum: 400 on the field', async () => {
    for (const limit of ['Infinity', '-Infinity', '1e400']) {
      const res = await app.inject({ url: `/things/a?limit=${limit}` });
      expect(res.statusCode, limit).toBe(400);
      expect(problem(res)).toMatchObject({ code: 'FSC_VALIDATION', field: '/querystring/limit' });
    }
    expect((await app.inject({ url: '/things/a?limit=1000' })).json()).toEqual({ id: 'a', limit: 1000 });
  });

  test('a number given as text in a body, "1e400": 400 on the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { latitudeDeg: '1e400', tags: [] } });
    expect(res.statusCode).toBe(400);
    expect(problem(res)).toMatchObject({ code: 'FSC_VALIDATION', field: '/body/latitudeDeg' });
    expect(problem(res).detail).toContain('finite');
  });

  test('NUL in a path parameter, a query, a body string or a key: 400 on the field', async () => {
    const before = handled;
    const inPath = await app.inject({ url: '/things/a%00b' });
    expect(problem(inPath)).toMatchObject({ status: 400, field: '/params/id' });
    const inBody = await app.inject({
      method: 'POST',
      url: '/things',
      payload: { latitudeDeg: 1, tags: ['ok', 'x\u0000'] },
    });
    expect(problem(inBody)).toMatchObject({ status: 400, field: '/body/tags/1' });
    const inKey = await app.inject({ method: 'POST', url: '/anything', payload: { a: { 'k\u0000/': 1 } } });
    expect(problem(inKey)).toMatchObject({ status: 400, field: '/body/a/k\u0000~1' });
    expect(handled).toBe(before);
  });

  test('a body nested 20,000 deep: answered, no stack overflow', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/anything',
      headers: { 'content-type': 'application/json' },
      payload: `${'['.repeat(20_000)}"\\u0000"${']'.repeat(20_000)}`,
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).field).toMatch(/^\/body(\/0){20000}$/);
  });

  test('what the router refuses is problem+json too, without echoing the input', async () => {
    const long = await app.inject({ url: `/things/${'x'.repeat(100_000)}` });
    expect(long.statusCode).toBe(414);
    expect(problem(long)).toMatchObject({ code: 'FSC_URI_TOO_LONG', field: '/params' });
    expect(long.body.length).toBeLessThan(1000);
    const encoding = await app.inject({ url: '/things/%E0%A4%A' });
    expect(encoding.statusCode).toBe(400);
    expect(problem(encoding)).toMatchObject({ code: 'FSC_BAD_URL', field: '/params' });
  });

  test('a body that does not parse names the body', async () => {
    for (const payload of ['{', '{"__proto__":{"x":1}}']) {
      const res = await app.inject({
        method: 'POST',
        url: '/things',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(problem(res).field, payload).toBe('/body');
    }
  });
});
