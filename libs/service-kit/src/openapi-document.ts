import { isDeepStrictEqual } from 'node:util';
import { openExamples } from './openapi-examples.js';
import { problemExample } from './openapi-route.js';

/**
 * The finishing pass on a service's OpenAPI document (the `transformObject` of @fastify/swagger),
 * what makes it usable by a client generator:
 * - every schema with a `title` (the shared shapes: Problem, a burst, a page…) becomes a named
 *   component referenced by `$ref`, instead of an anonymous copy at each use;
 * - error answers are `application/problem+json` referencing the Problem component;
 * - examples as the routes wrote them (sealed against @fastify/swagger's rewriting), and a body's
 *   schema `examples[0]` as the media type's `example`;
 * - the tags the operations use are declared;
 * - operationIds are checked unique (a duplicate fails the generation).
 */
type Json = Record<string, unknown>;
type Operation = Json & {
  operationId?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, Json> };
  responses?: Record<string, Json & { content?: Record<string, Json> }>;
};

/** Equal but for their examples. */
const sameShape = (a: Json, b: Json) => {
  const { examples: _a, ...restA } = a;
  const { examples: _b, ...restB } = b;
  return isDeepStrictEqual(restA, restB);
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A component name from a title: `Burst summary` → `BurstSummary`. */
const componentName = (title: string) =>
  title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

export function finishDocument(document: Json, tagDescriptions: Record<string, string> = {}): Json {
  // Examples crossed @fastify/swagger sealed (openapi-examples.ts): opened first, so all below sees them.
  openExamples(document);
  const components = (document.components ??= {}) as Json;
  const schemas = (components.schemas ??= {}) as Record<string, unknown>;
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;

  // Bottom-up, so a titled schema inside a titled schema is a reference in its component.
  const hoist = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(hoist);
    if (node === null || typeof node !== 'object') return node;
    const copy: Json = {};
    for (const [key, value] of Object.entries(node as Json))
      copy[key] = key === 'examples' || key === 'example' || key === 'enum' || key === 'const' ? value : hoist(value);
    if (typeof copy.title !== 'string' || !('type' in copy || 'anyOf' in copy || 'oneOf' in copy || 'allOf' in copy))
      return copy;
    const base = componentName(copy.title);
    let name = base;
    for (let n = 2; schemas[name] !== undefined && !sameShape(schemas[name] as Json, copy); n++) name = `${base}${n}`;
    // The copy that kept its examples wins (@fastify/swagger drops them from some response schemas).
    if (!schemas[name] || (copy.examples && !(schemas[name] as Json).examples)) schemas[name] = copy;
    return { $ref: `#/components/schemas/${name}` };
  };
  const resolve = (schema: unknown): Json | undefined => {
    const ref = (schema as { $ref?: string } | undefined)?.$ref;
    if (ref?.startsWith('#/components/schemas/')) return schemas[ref.slice('#/components/schemas/'.length)] as Json;
    return schema as Json | undefined;
  };
  const withExample = (media: Json) => {
    const examples = resolve(media.schema)?.examples;
    if (media.example === undefined && media.examples === undefined && Array.isArray(examples) && examples.length > 0)
      media.example = examples[0];
    // An inline schema's example is shown once, on its media type (as @fastify/swagger does for most).
    const inline = media.schema as Json | undefined;
    if (inline && inline.$ref === undefined && media.example !== undefined && Array.isArray(inline.examples))
      delete inline.examples;
  };

  const tags = new Set<string>();
  const operationIds = new Map<string, string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const tag of operation.tags ?? []) tags.add(tag);
      if (operation.operationId) {
        const other = operationIds.get(operation.operationId);
        if (other) throw new Error(`operationId ${operation.operationId} on both ${other} and ${method} ${path}`);
        operationIds.set(operation.operationId, `${method} ${path}`);
      }
      if (operation.requestBody) operation.requestBody = hoist(operation.requestBody) as Operation['requestBody'];
      if (operation.parameters) operation.parameters = hoist(operation.parameters);
      for (const media of Object.values(operation.requestBody?.content ?? {})) withExample(media);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const answer = hoist(response) as Json & { content?: Record<string, Json> };
        const json = answer.content?.['application/json'];
        // Errors leave the FSC as problem+json (the kit's problem plugin), whatever the route wrote.
        if (Number(status) >= 400 && json && (json.schema as Json | undefined)?.$ref === '#/components/schemas/Problem')
          answer.content = { 'application/problem+json': json };
        const problem = answer.content?.['application/problem+json'];
        if (problem && problem.example === undefined && problem.examples === undefined)
          problem.example = problemExample(Number(status));
        for (const media of Object.values(answer.content ?? {})) withExample(media);
        operation.responses![status] = answer;
      }
    }
  }
  document.tags = [...tags].sort().map((name) => ({
    name,
    ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}),
  }));
  return document;
}
