/**
 * The JSON schemas at their `$id`s and the AsyncAPI document, on the alerts app listening on a
 * real port (built without database or NATS: these routes read nothing else). Every `$id` of the
 * contracts and of @svom/voevent must answer with the schema itself.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { messageCatalog, SCHEMA_BASE_URL } from '@svom/contracts';
import { asyncapiDocument, publishedSchemas } from '@svom/contracts/published';
import { FSC_SCHEMA_IDS, VOEVENT_JSON_SCHEMA_ID } from '@svom/voevent';
import { buildAlertsApp, type AlertsApp } from '../src/app.js';
import { secret, settings } from './helper.js';

/** Where a schema `$id` is served on this app: its path, on our origin. */
const local = (origin: string, id: string) => new URL(new URL(id).pathname, origin);

describe('GET /schemas/... and /asyncapi.json', () => {
  let app: AlertsApp;
  let origin: string;
  beforeAll(async () => {
    app = await buildAlertsApp({ jwtSecret: secret, logger: false, settings });
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app?.close());

  test('every $id of the contracts and of @svom/voevent answers with that schema, public and cacheable', async () => {
    const ids = [
      ...messageCatalog.flatMap((m) => (m.schema ? [(m.schema as { $id: string }).$id] : [])),
      ...Object.values(FSC_SCHEMA_IDS),
      VOEVENT_JSON_SCHEMA_ID,
      ...publishedSchemas().map((s) => s.id),
    ];
    expect(new Set(ids).size).toBe(publishedSchemas().length);
    for (const id of new Set(ids)) {
      expect(id.startsWith(`${SCHEMA_BASE_URL}v1/`), id).toBe(true);
      const res = await fetch(local(origin, id));
      expect(res.status, id).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/schema+json');
      expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const body = (await res.json()) as { $id: string };
      expect(body.$id).toBe(id);
      expect(body).toEqual(publishedSchemas().find((s) => s.id === id)!.schema);
    }
  });

  test('the index of v1 lists each schema with the path it is served at', async () => {
    const res = await fetch(new URL('/schemas/v1/', origin));
    expect(res.status).toBe(200);
    const index = (await res.json()) as { base: string; schemas: Array<{ id: string; path: string }> };
    expect(index.base).toBe(SCHEMA_BASE_URL);
    expect(index.schemas.map((s) => s.id)).toEqual(publishedSchemas().map((s) => s.id));
    for (const s of index.schemas) expect(`${index.base}${s.path.slice('/schemas/'.length)}`).toBe(s.id);
  });

  test('an unknown schema or version is a problem+json 404, a version not v<n> a 400', async () => {
    for (const path of ['/schemas/v1/messages/nothing.schema.json', '/schemas/v9/', '/schemas/v1/messages/']) {
      const res = await fetch(new URL(path, origin));
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
    }
    const bad = await fetch(new URL('/schemas/1/', origin));
    expect(bad.status).toBe(400);
  });

  test('/asyncapi.json is the AsyncAPI document of the contracts', async () => {
    const res = await fetch(new URL('/asyncapi.json', origin));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(asyncapiDocument());
  });

  test('the OpenAPI document lists the routes as public', () => {
    const paths = (app as unknown as { swagger(): { paths: Record<string, { get: { security: unknown } }> } }).swagger()
      .paths;
    for (const path of ['/schemas/{version}/', '/schemas/{path}', '/asyncapi.json'])
      expect(paths[path]?.get.security, path).toEqual([]);
  });
});
