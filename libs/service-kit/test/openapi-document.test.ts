/**
 * What the kit adds to every route's OpenAPI operation and to the document (openapi-route.ts,
 * openapi-document.ts), on an app with a public route, a role-guarded and rate-limited one and a
 * wildcard: operationIds, security, the problem answers each can give, titled schemas as
 * components, examples lifted, tags declared; a duplicate operationId fails the generation.
 */
import { Type } from 'typebox';
import { describe, expect, test } from 'vitest';
import { createApp, eventStream, kitProblem, perMinute, problems, problemsWith, problemWith } from '@svom/service-kit';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown; example?: unknown }> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
  tags: Array<{ name: string; description?: string }>;
  servers: unknown[];
  info: { license?: unknown; contact?: unknown };
};

const Thing = Type.Object({ id: Type.String(), n: Type.Integer() }, { title: 'Thing', examples: [{ id: 'a', n: 1 }] });

async function documentOf(register: (app: Awaited<ReturnType<typeof createApp>>) => void): Promise<Document> {
  const app = await createApp({
    service: 'openapi-test',
    title: 't',
    description: 't',
    jwtSecret: 'o'.repeat(40),
    logger: false,
    tags: { things: 'Things, for the test' },
  });
  register(app);
  await app.ready();
  const document = (app as unknown as { swagger(): Document }).swagger();
  await app.close();
  return document;
}

describe('the OpenAPI document the kit completes', () => {
  test('operationIds, security, problem answers, components, examples and tags', async () => {
    const doc = await documentOf((app) => {
      app.get(
        '/v1/things',
        {
          schema: {
            tags: ['things'],
            querystring: Type.Object({ limit: Type.Integer({ default: 10 }) }),
            response: { 200: Type.Object({ things: Type.Array(Thing) }) },
          },
        },
        async () => ({ things: [] }),
      );
      app.post(
        '/v1/things/:id',
        {
          preHandler: app.requireRole('operator'),
          config: perMinute(60),
          schema: {
            tags: ['things'],
            params: Type.Object({ id: Type.String() }),
            body: Thing,
            response: {
              201: Thing,
              ...problems(503),
              ...problemWith(409, 'THINGS_TAKEN', 'thing a exists'),
              ...problemsWith(404, { code: 'THINGS_UNKNOWN', detail: 'no thing b' }, kitProblem(404)),
            },
          },
        },
        async (_request, reply) => reply.code(201).send({ id: 'a', n: 1 }),
      );
      app.get('/files/*', { schema: { tags: ['things'] } }, async () => '');
    });
    const list = doc.paths['/v1/things']!.get!;
    expect(list.operationId).toBe('getThings');
    expect(list.security).toEqual([]);
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '500']);
    expect(list.parameters?.find((p) => p.name === 'limit')?.required).toBe(false);

    const post = doc.paths['/v1/things/{id}']!.post!;
    expect(post.operationId).toBe('postThingsById');
    expect(post.security).toEqual([{ personJwt: [] }]);
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '429', '500', '503']);
    // Path parameters alone add no 404: a route that finds nothing says so with its own code.
    expect(Object.keys(doc.paths['/files/{path}']!.get!.responses)).toEqual(['500']);
    // Several codes of one status: one named example each, and no generic example beside them.
    const missing = post.responses['404']!.content!['application/problem+json']! as { examples?: unknown };
    expect(missing).not.toHaveProperty('example');
    expect(missing.examples).toEqual({
      THINGS_UNKNOWN: { value: expect.objectContaining({ status: 404, code: 'THINGS_UNKNOWN', detail: 'no thing b' }) },
      FSC_NOT_FOUND: { value: expect.objectContaining({ status: 404, code: 'FSC_NOT_FOUND', title: 'Not Found' }) },
    });
    expect(post.requestBody?.content['application/json']).toEqual({
      schema: { $ref: '#/components/schemas/Thing' },
      example: { id: 'a', n: 1 },
    });
    const conflict = post.responses['409']!.content!;
    expect(Object.keys(conflict)).toEqual(['application/problem+json']);
    expect(conflict['application/problem+json']!.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    // A conflict is the route's own (no kit-wide 409 code); a 503 is the kit's load shedding.
    expect(conflict['application/problem+json']!.example).toMatchObject({ status: 409, code: 'THINGS_TAKEN' });
    expect(post.responses['503']!.content!['application/problem+json']!.example).toMatchObject({
      status: 503,
      code: 'FSC_OVERLOADED',
    });

    expect(doc.paths['/files/{path}']!.get!.operationId).toBe('getFilesPath');
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Problem', 'Thing']);
    expect(doc.tags).toEqual([
      { name: 'health', description: expect.any(String) },
      { name: 'things', description: 'Things, for the test' },
    ]);
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.info.license).toBeDefined();
    expect(doc.info.contact).toBeDefined();
  });

  test('examples arrive as written: $schema, $id, const and $ref kept; route problems and event streams shown', async () => {
    // What @fastify/swagger would rewrite if it walked it as a schema (a notice, a served JSON schema).
    const notice = { $schema: 'https://fsc.svom.eu/schemas/v1/notices/mxt.schema.json', burstId: 'sb26031401' };
    const served = {
      $id: 'https://fsc.svom.eu/schemas/v1/x.json',
      properties: { a: { const: 1 }, b: { $ref: '#/definitions/b' } },
    };
    const doc = await documentOf((app) => {
      app.get(
        '/v1/notices/:id',
        {
          schema: {
            params: Type.Object({ id: Type.String() }),
            response: {
              200: Type.Object({ json: Type.Record(Type.String(), Type.Unknown()) }, { examples: [{ json: notice }] }),
              ...problemWith(406, 'ALERTS_NOT_ACCEPTABLE', 'not text/html'),
            },
          },
        },
        async () => ({ json: notice }),
      );
      app.get(
        '/schema',
        {
          schema: {
            response: {
              200: { content: { 'application/schema+json': { schema: Type.Unknown({ examples: [served] }) } } },
            },
          },
        },
        async () => served,
      );
      app.get(
        '/events',
        { sse: { kind: 'only' }, schema: { response: { 200: eventStream('event: ready\ndata: {}\n\n') } } } as object,
        async () => '',
      );
    });
    const one = doc.paths['/v1/notices/{id}']!.get!.responses;
    expect(one['200']!.content!['application/json']!.example).toEqual({ json: notice });
    expect(one['406']!.content!['application/problem+json']!.example).toMatchObject({
      status: 406,
      title: 'Not Acceptable',
      code: 'ALERTS_NOT_ACCEPTABLE',
      type: 'https://fsc.svom.eu/problems/alerts-not-acceptable',
    });
    // Shown once, on the media type.
    expect(doc.paths['/schema']!.get!.responses['200']!.content!['application/schema+json']).toEqual({
      schema: {},
      example: served,
    });
    // An event stream refuses a client that does not take it, with the kit's problem (SseClients.admission).
    expect(doc.paths['/events']!.get!.responses['406']!.content!['application/problem+json']!.example).toMatchObject({
      status: 406,
      code: 'FSC_NOT_ACCEPTABLE',
      instance: '/events',
    });
    expect(doc.paths['/events']!.get!.responses['200']!.content!['text/event-stream']).toEqual({
      schema: { type: 'string' },
      example: 'event: ready\ndata: {}\n\n',
    });
    expect(JSON.stringify(doc)).not.toContain('fsc-example');
  });

  test('a duplicate operationId fails the generation', async () => {
    await expect(
      documentOf((app) => {
        app.get('/a', { schema: { operationId: 'same' } }, async () => '');
        app.get('/b', { schema: { operationId: 'same' } }, async () => '');
      }),
    ).rejects.toThrow(/operationId same on both/);
  });
});
