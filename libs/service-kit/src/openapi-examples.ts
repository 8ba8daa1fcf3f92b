/**
 * @fastify/swagger rewrites everything in a route schema as if it were a schema, the values of
 * `examples` and `example` included: `$schema` and `$id` dropped, `const` made `enum`, `$ref`s
 * renamed. A notice's example lost its `$schema`, and a served JSON schema's example its `$id`.
 * So the examples cross it sealed in a string (`sealExamples`, in the route transform) and are
 * opened again in the finished document (`openExamples`).
 */
const SEAL = '\u0000fsc-example:';

/** Keys whose children are named by the user (a property called `examples` is a schema). */
const NAMED = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'content']);

const seal = (value: unknown) => `${SEAL}${JSON.stringify(value)}`;

/** An example value sealed where `sealExamples` does not look (the `value` of a named example). */
export const sealedExample = (value: unknown): string => seal(value);

/** A copy of a route schema with every example value sealed; the schema itself is left as it is. */
export function sealExamples(node: unknown, named = false): unknown {
  if (Array.isArray(node)) return node.map((item) => sealExamples(item));
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!named && key === 'examples' && Array.isArray(value)) copy[key] = value.map(seal);
    else if (!named && key === 'example') copy[key] = seal(value);
    else copy[key] = sealExamples(value, !named && NAMED.has(key));
  }
  return copy;
}

/** The document with every sealed example opened, in place. */
export function openExamples(node: unknown): unknown {
  if (typeof node === 'string') return node.startsWith(SEAL) ? JSON.parse(node.slice(SEAL.length)) : node;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = openExamples(node[i]);
  } else if (node !== null && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    for (const key of Object.keys(object)) object[key] = openExamples(object[key]);
  }
  return node;
}
