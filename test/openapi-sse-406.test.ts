/**
 * An event stream refuses a client that does not accept text/event-stream with the kit's
 * problem+json 406 (SseClients.admission), as each document says, and the kit decides it exactly
 * as `@fastify/sse` would (whose own answer would be plain JSON).
 */
import { fastifySSE } from '@fastify/sse';
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { acceptsEventStream } from '@svom/service-kit';
import { SERVICES } from '../cli/src/launcher/services.js';
import { validatorOf } from './openapi-examples.js';

type Operation = {
  responses: Record<string, { content?: Record<string, { schema?: unknown; example?: { code?: string } }> }>;
};
const documentOf = (name: string) =>
  JSON.parse(readFileSync(new URL(`../openapi/${name}.json`, import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };

/** The event streams of a document: GET operations whose 200 is text/event-stream. */
const streamsOf = (document: ReturnType<typeof documentOf>) =>
  Object.entries(document.paths)
    .filter(([, item]) => item.get?.responses['200']?.content?.['text/event-stream'])
    .map(([path]) => path);

describe('an event stream asked for JSON', () => {
  const apps: FastifyInstance[] = [];
  afterAll(async () => Promise.all(apps.map((a) => a.close())));

  const withStreams = SERVICES.filter((s) => streamsOf(documentOf(s.name)).length > 0);
  test('two services hold event streams', () => {
    expect(withStreams.map((s) => s.name).sort()).toEqual(['alerts', 'web']);
  });

  test.each(withStreams.map((s) => [s.name, s] as const))(
    '%s answers the 406 its document shows',
    async (name, module) => {
      // Built as the document generator builds it: no infrastructure, the admission runs first anyway.
      const app = (await module.build(
        { jwtSecret: 'sse-406-test-'.padEnd(40, 'x'), logger: false } as never,
        module.loadConfig({}),
      )) as FastifyInstance;
      apps.push(app);
      await app.ready();
      const document = documentOf(name);
      const validate = validatorOf(document);
      for (const path of streamsOf(document)) {
        const answer = await app.inject({ url: path, headers: { accept: 'application/json' } });
        expect(answer.statusCode, path).toBe(406);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        const documented = document.paths[path]!.get!.responses['406']!.content!['application/problem+json']!;
        const pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/406/content/application~1problem+json/schema`;
        expect(validate(pointer, answer.json())).toEqual([]);
        expect(answer.json()).toMatchObject({ status: 406, code: documented.example!.code, instance: path });
      }
    },
  );
});

test('the kit refuses exactly the Accept headers @fastify/sse refuses', async () => {
  const app = Fastify();
  await app.register(fastifySSE);
  app.get('/s', { sse: { kind: 'only' } } as object, async (_request, reply) => {
    reply.code(204).send();
  });
  await app.ready();
  const headers = [
    undefined,
    'text/event-stream',
    'TEXT/EVENT-STREAM',
    '*/*',
    'text/*',
    'application/json',
    'application/json, text/plain',
    'text/event-stream;q=0',
    'text/event-stream; q=0.000',
    'text/event-stream;q=0.001',
    '*/*, text/event-stream;q=0',
    'text/event-stream;q=0, */*',
    'text/*;q=0, */*',
    '*/*;q=0',
    'text/html, */*;q=0.8',
    'text/*;q=0, text/event-stream',
    'application/json;q=0.9, text/*;q=0.1',
    'text/event-stream;q=0, text/event-stream',
    'text/*, text/*;q=0',
    'text/*;q=0, text/*',
  ];
  for (const accept of headers) {
    const answer = await app.inject({ url: '/s', headers: accept === undefined ? {} : { accept } });
    expect([accept, answer.statusCode !== 406]).toEqual([accept, acceptsEventStream(accept)]);
  }
  await app.close();
});
