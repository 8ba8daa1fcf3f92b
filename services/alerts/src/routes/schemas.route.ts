import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SCHEMA_BASE_URL } from '@svom/contracts';
import { asyncapiDocument, publishedSchema, publishedSchemas } from '@svom/contracts/published';
import { AlertsErrors } from '../errors.js';
import { problems, problemWith } from '../schemas/common.schema.js';
import { SchemaIndex } from '../schemas/published.schema.js';

/**
 * Public and cacheable for an hour: within a major version a schema only gains optional
 * properties (docs/schemas.md), so a copy an hour old still reads every message. Any origin may
 * read them, so browser tools (AsyncAPI Studio, validators) can follow the `$id`s.
 */
function publicDocument(reply: FastifyReply, type: string): FastifyReply {
  return reply
    .type(type)
    .header('cache-control', 'public, max-age=3600')
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin');
}

/** The schema of the burst messages, as served at its `$id`. */
const SCHEMA_EXAMPLE = publishedSchema('v1/messages/alert-burst.schema.json')?.schema;

/** The head of the AsyncAPI document: what it is, and the servers with their security. */
const ASYNCAPI_EXAMPLE = (() => {
  const { asyncapi, id, info, defaultContentType, servers } = asyncapiDocument() as Record<string, unknown>;
  return { asyncapi, id, info, defaultContentType, servers };
})();

const EVOLUTION =
  'within a major version a schema only gains optional properties and readers ignore properties they do not know; anything else is a new major version served beside the old one (docs/schemas.md)';

/**
 * The JSON schemas of the FSC at the paths their `$id`s name (`https://fsc.svom.eu/schemas/v1/...`
 * is served as `/schemas/v1/...`: the host that answers for fsc.svom.eu routes `/schemas/` here),
 * an index of each major version, and the AsyncAPI document of the NATS messages.
 */
export async function schemasRoute(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const asyncapi = JSON.stringify(asyncapiDocument());

  r.get(
    '/schemas/:version/',
    {
      schema: {
        tags: ['schemas'],
        summary: 'The JSON schemas of one major version, with the URL each is served at',
        operationId: 'listSchemas',
        security: [],
        params: Type.Object({ version: Type.String({ pattern: '^v[0-9]+$', examples: ['v1'] }) }),
        response: {
          200: SchemaIndex,
          ...problems(400),
          ...problemWith(404, 'ALERTS_UNKNOWN_SCHEMA', 'no schema at /schemas/v9/'),
        },
      },
    },
    async (request, reply) => {
      const { version } = request.params;
      const schemas = publishedSchemas().filter((s) => s.path.startsWith(`${version}/`));
      if (schemas.length === 0) throw new AlertsErrors.UnknownSchema(`/schemas/${version}/`);
      publicDocument(reply, 'application/json; charset=utf-8');
      return {
        base: SCHEMA_BASE_URL,
        version,
        schemas: schemas.map((s) => ({
          id: s.id,
          path: `/schemas/${s.path}`,
          title: typeof s.schema['title'] === 'string' ? s.schema['title'] : null,
        })),
        asyncapi: '/asyncapi.json',
        evolution: EVOLUTION,
      };
    },
  );

  r.get(
    '/schemas/*',
    {
      schema: {
        tags: ['schemas'],
        summary: 'One JSON schema, at the path its $id names (application/schema+json)',
        operationId: 'getSchema',
        security: [],
        params: Type.Object({
          '*': Type.String({ maxLength: 200, examples: ['v1/messages/alert-burst.schema.json'] }),
        }),
        response: {
          200: {
            description: 'A JSON schema document',
            content: {
              'application/schema+json': { schema: Type.Unknown({ examples: [SCHEMA_EXAMPLE] }) },
            },
          },
          ...problemWith(404, 'ALERTS_UNKNOWN_SCHEMA', 'no schema at /schemas/v1/messages/no-such.schema.json'),
        },
      },
    },
    async (request, reply) => {
      const schema = publishedSchema(request.params['*']);
      if (!schema) throw new AlertsErrors.UnknownSchema(request.url);
      return publicDocument(reply, 'application/schema+json')
        .serializer((x: unknown) => JSON.stringify(x))
        .send(schema.schema);
    },
  );

  r.get(
    '/asyncapi.json',
    {
      schema: {
        tags: ['schemas'],
        summary: 'The AsyncAPI 3.0 document of the NATS messages (docs/asyncapi.json)',
        operationId: 'getAsyncApi',
        security: [],
        response: {
          200: Type.Unknown({
            description:
              'an AsyncAPI 3.0.0 document (the example is abridged: its channels, operations and components left out)',
            examples: [ASYNCAPI_EXAMPLE],
          }),
        },
      },
    },
    async (_request, reply) =>
      publicDocument(reply, 'application/json; charset=utf-8')
        .serializer((x: unknown) => x as string)
        .send(asyncapi),
  );
}
