/**
 * The request and response bodies of an OpenAPI document and the examples it holds, for the
 * tests that check that each body has one and that each validates (test/openapi-examples.test.ts).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/** One media type of a request or response body: `where` names it for a reader, `pointer` finds it. */
export type Body = { where: string; pointer: string; media: Json };

/** An example and the JSON pointer of the schema it must satisfy. */
export type Example = { where: string; schemaPointer: string; value: unknown };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A JSON-pointer token (RFC 6901). */
const token = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** Every media type of every request and response body, whatever its type (problem+json, event streams, XML…). */
export function bodies(document: Json): Body[] {
  const found: Body[] = [];
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const at = `/paths/${token(path)}/${method}`;
      const request = (op.requestBody as { content?: Record<string, Json> } | undefined)?.content ?? {};
      for (const [type, media] of Object.entries(request))
        found.push({
          where: `${method} ${path} request ${type}`,
          pointer: `${at}/requestBody/content/${token(type)}`,
          media,
        });
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>))
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>))
          found.push({
            where: `${method} ${path} ${status} ${type}`,
            pointer: `${at}/responses/${token(status)}/content/${token(type)}`,
            media,
          });
    }
  }
  return found;
}

/** True when neither the media type nor its schema (through a component `$ref`) shows an example. */
export function lacksExample(document: Json, media: Json): boolean {
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  let schema = media.schema as Json | undefined;
  const ref = schema?.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/'))
    schema = schemas[ref.slice('#/components/schemas/'.length)];
  const shown = (holder: Json | undefined) =>
    holder !== undefined &&
    (holder.example !== undefined ||
      (Array.isArray(holder.examples) ? holder.examples.length > 0 : Object.keys(holder.examples ?? {}).length > 0));
  return !shown(media) && !shown(schema);
}

/** Maps whose keys are names (a property called `example` is no example). */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'schemas',
  'paths',
  'responses',
  'content',
  'headers',
  'parameters',
  'securitySchemes',
]);
/** Values, not schemas: nothing inside them is an example. */
const VALUES = new Set(['enum', 'const', 'default']);

/**
 * Every example in the document with the schema it must satisfy: a media type's or parameter's
 * `example` and `examples` (against their `schema`), and a schema's own `examples`/`example`.
 */
export function examplesIn(document: Json): Example[] {
  const found: Example[] = [];
  const walk = (node: unknown, pointer: string, parentKey: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`, ''));
    if (node === null || typeof node !== 'object') return;
    const object = node as Json;
    const named = NAME_MAPS.has(parentKey);
    // A media type or a parameter holds its example beside its schema; a schema holds its own.
    const against = !named && 'schema' in object ? `${pointer}/schema` : pointer;
    for (const [key, value] of Object.entries(object)) {
      if (!named && key === 'example') found.push({ where: `${pointer}/example`, schemaPointer: against, value });
      else if (!named && key === 'examples' && Array.isArray(value))
        value.forEach((v, i) => found.push({ where: `${pointer}/examples/${i}`, schemaPointer: against, value: v }));
      else if (!named && key === 'examples' && value !== null && typeof value === 'object') {
        for (const [name, example] of Object.entries(value as Record<string, { value?: unknown }>))
          if (example.value !== undefined)
            found.push({ where: `${pointer}/examples/${token(name)}`, schemaPointer: against, value: example.value });
      } else if (named || !VALUES.has(key)) walk(value, `${pointer}/${token(key)}`, named ? '' : key);
    }
  };
  walk(document, '', '');
  return found;
}

/**
 * A validator of values against the schemas of one document, by JSON pointer: the document is
 * added whole to Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) so `$ref`s to its
 * components resolve, formats (date-time, uri…) checked. Returns Ajv's errors, empty when valid.
 */
export function validatorOf(document: Json): (schemaPointer: string, value: unknown) => string[] {
  // strict off: OpenAPI keywords (`example`, `xml`, `discriminator`) sit inside the schemas.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // CommonJS: its plugin is the module's `default`, under Node and TypeScript alike.
  ajvFormats.default(ajv);
  ajv.addSchema(document, 'document');
  return (schemaPointer, value) => {
    const validate = ajv.getSchema(`document#${schemaPointer}`);
    if (!validate) return [`no schema at ${schemaPointer}`];
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}

/**
 * The problem codes sources can answer with: their error tables (`createError('ALERTS_…', …)`) and
 * the codes their handlers write (`code: 'FSC_…'`, `return 'FSC_…'`, `?? 'FSC_…'`).
 */
export function problemCodesIn(sources: readonly string[]): Set<string> {
  const patterns = [
    /createError\(\s*'([A-Z][A-Z0-9_]+)'/g,
    /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g,
    /\breturn\s+'([A-Z][A-Z0-9_]+)'/g,
    /\?\?\s*'([A-Z][A-Z0-9_]+)'/g,
  ];
  const codes = new Set<string>();
  for (const text of sources) for (const p of patterns) for (const m of text.matchAll(p)) codes.add(m[1]!);
  return codes;
}

/** The `code` of every problem+json example in the document, where it is. */
export function problemExampleCodes(document: Json): Array<{ where: string; code: unknown }> {
  return examplesIn(document)
    .filter((e) => e.where.includes('/application~1problem+json/'))
    .map((e) => ({ where: e.where, code: (e.value as { code?: unknown } | null)?.code }));
}
