/**
 * The OpenAPI document is good enough for a client generator: the types openapi-typescript
 * generates from openapi/alerts.json (`alerts` of @svom/rest-api-types, written by `npm run
 * openapi` and held current by test/generated-docs.test.ts) drive openapi-fetch against the
 * alerts app listening on a real port, on a real database and NATS. The calls are type-checked
 * (tsconfig.tests.json): a wrong parameter or field is a compile error, as the @ts-expect-error
 * lines below show.
 */
import type { alerts } from '@svom/rest-api-types';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAlerts, type Harness } from './helper.js';

describe('a client generated from openapi/alerts.json', () => {
  let h: Harness;
  let client: ReturnType<typeof createClient<alerts.paths>>;
  beforeAll(async () => {
    h = await startAlerts();
    const origin = await h.alerts.listen({ host: '127.0.0.1', port: 0 });
    client = createClient<alerts.paths>({ baseUrl: origin });
  });
  afterAll(() => h?.close());

  test('lists bursts and notices, typed', async () => {
    const { data, error, response } = await client.GET('/v1/bursts', { params: { query: { limit: 10 } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    // Typed: bursts is an array of summaries, nextCursor a string or null.
    const ids: string[] = data!.bursts.map((b) => b.burstId);
    expect(ids).toEqual([]);
    expect(data!.nextCursor).toBeNull();
    const notices = await client.GET('/v1/notices', { params: { query: {} } });
    expect(notices.response.status).toBe(200);
    expect(notices.data!.notices).toEqual([]);
    // @ts-expect-error limit is a number in the document
    await client.GET('/v1/bursts', { params: { query: { limit: 'ten' } } });
  });

  test('reads the published schemas index', async () => {
    const { data, response } = await client.GET('/schemas/{version}/', { params: { path: { version: 'v1' } } });
    expect(response.status).toBe(200);
    expect(data!.version).toBe('v1');
    expect(data!.schemas.length).toBeGreaterThan(0);
    expect(data!.schemas.every((s) => s.path.startsWith('/schemas/v1/'))).toBe(true);
  });

  test('a missing burst is the documented problem+json 404, typed as the Problem component', async () => {
    const { data, error, response } = await client.GET('/v1/bursts/{burstId}', {
      params: { path: { burstId: 'sb99123199' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const code: string = error!.code;
    expect(code).toBe('ALERTS_UNKNOWN_BURST');
    expect(error!.status).toBe(404);
  });

  test('a limit out of range is the documented 400 naming the field', async () => {
    const { error, response } = await client.GET('/v1/bursts', { params: { query: { limit: 501 } } });
    expect(response.status).toBe(400);
    expect(error!.field).toBe('/querystring/limit');
  });

  test('a comment without a token is the documented 401', async () => {
    const { error, response } = await client.POST('/v1/bursts/{burstId}/comments', {
      params: { path: { burstId: 'sb99123199' } },
      body: { text: 'seen in the optical' },
    });
    expect(response.status).toBe(401);
    expect(error!.code).toBe('FSC_UNAUTHORIZED');
  });
});
