import { Type } from 'typebox';

/** One entry of a schema index (`GET /schemas/v1/`). */
export const SchemaIndexEntry = Type.Object({
  id: Type.String({ description: 'the schema $id, also its canonical URL' }),
  path: Type.String({ description: 'where this service serves it: /schemas/<path of the $id under the base>' }),
  title: Type.Union([Type.String(), Type.Null()]),
});

export const SchemaIndex = Type.Object({
  base: Type.String({ description: 'every $id starts with it (https://fsc.svom.eu/schemas/)' }),
  version: Type.String({ description: 'the major version listed (v1)' }),
  schemas: Type.Array(SchemaIndexEntry),
  asyncapi: Type.String({ description: 'path of the AsyncAPI document that embeds the message schemas' }),
  evolution: Type.String({ description: 'the schema-evolution rule, in a sentence' }),
});
