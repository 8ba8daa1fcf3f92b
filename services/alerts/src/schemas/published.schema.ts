import { Type } from 'typebox';

/** One entry of a schema index (`GET /schemas/v1/`). */
export const SchemaIndexEntry = Type.Object(
  {
    id: Type.String({ description: 'the schema $id, also its canonical URL' }),
    path: Type.String({ description: 'where this service serves it: /schemas/<path of the $id under the base>' }),
    title: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'SchemaIndexEntry' },
);

export const SchemaIndex = Type.Object(
  {
    base: Type.String({ description: 'every $id starts with it (https://fsc.svom.eu/schemas/)' }),
    version: Type.String({ description: 'the major version listed (v1)' }),
    schemas: Type.Array(SchemaIndexEntry),
    asyncapi: Type.String({ description: 'path of the AsyncAPI document that embeds the message schemas' }),
    evolution: Type.String({ description: 'the schema-evolution rule, in a sentence' }),
  },
  {
    title: 'SchemaIndex',
    examples: [
      {
        base: 'https://fsc.svom.eu/schemas/',
        version: 'v1',
        schemas: [
          {
            id: 'https://fsc.svom.eu/schemas/v1/messages/alert-burst.schema.json',
            path: '/schemas/v1/messages/alert-burst.schema.json',
            title: null,
          },
        ],
        asyncapi: '/asyncapi.json',
        evolution:
          'within a major version a schema only gains optional properties and readers ignore properties they do not know; anything else is a new major version served beside the old one (docs/schemas.md)',
      },
    ],
  },
);
