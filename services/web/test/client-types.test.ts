/**
 * The dashboard's `src/client/types.ts` is written by hand (the browser bundle imports no server
 * package), so this test holds it to the OpenAPI documents the services publish (openapi/, kept
 * current by `npm run openapi` and test/generated-docs.test.ts): each type, read with the
 * TypeScript compiler, against the response schema it stands for. A field renamed, added, made
 * nullable or given another type on either side fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

type Schema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
};

/** Type name → the 200 response it stands for, and where in it. */
const CLIENT_TYPES: Record<string, { service: string; path: string; at?: string[] }> = {
  BurstSummary: { service: 'alerts', path: '/v1/bursts', at: ['bursts', '[]'] },
  BurstDetail: { service: 'alerts', path: '/v1/bursts/{burstId}' },
  BurstFollowup: { service: 'followup', path: '/v1/bursts/{burstId}/followup' },
  StationHealth: { service: 'vhf-ingest', path: '/v1/stations', at: ['stations', '[]'] },
  PlanSummary: { service: 'scheduler', path: '/v1/plans', at: ['plans', '[]'] },
  PlanView: { service: 'scheduler', path: '/v1/plans/{id}' },
  Subscription: { service: 'notify', path: '/v1/subscriptions', at: ['subscriptions', '[]'] },
  Delivery: { service: 'notify', path: '/v1/subscriptions/{id}/deliveries', at: ['deliveries', '[]'] },
  Alarm: { service: 'notify', path: '/v1/alarms', at: ['alarms', '[]'] },
};

const root = new URL('../../../', import.meta.url);
const typesFile = fileURLToPath(new URL('services/web/src/client/types.ts', root));
const program = ts.createProgram([typesFile], { strict: true, noEmit: true, lib: ['lib.es2023.d.ts'] });
const checker = program.getTypeChecker();
const source = program.getSourceFile(typesFile)!;
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);

function responseSchema(service: string, path: string, at: string[] = []): Schema {
  const document = JSON.parse(readFileSync(new URL(`openapi/${service}.json`, root), 'utf8'));
  const components: Record<string, Schema> = document.components?.schemas ?? {};
  // Shared shapes are components: a `$ref` stands for the component it names (none is recursive).
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') return resolve(components[ref.replace('#/components/schemas/', '')]);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v)]));
  };
  let schema = resolve(document.paths[path].get.responses['200'].content['application/json'].schema) as Schema;
  for (const step of at) schema = step === '[]' ? schema.items! : schema.properties![step]!;
  return schema;
}

/** The members of a schema union (anyOf, or an enum of several values), flattened. */
function alternatives(schema: Schema): Schema[] {
  if (schema.anyOf) return schema.anyOf.flatMap(alternatives);
  if (schema.enum && schema.enum.length > 1) return schema.enum.map((value) => ({ ...schema, enum: [value] }));
  return [schema];
}

function schemaKind(schema: Schema): string {
  const literal = schema.const ?? (schema.enum?.length === 1 ? schema.enum[0] : undefined);
  if (literal !== undefined) return JSON.stringify(literal);
  if (schema.type === 'integer') return 'number';
  return schema.type ?? (schema.properties ? 'object' : 'unknown');
}

function typeKind(type: ts.Type): string {
  if (type.isStringLiteral() || type.isNumberLiteral()) return JSON.stringify(type.value);
  if (type.flags & ts.TypeFlags.BooleanLiteral) return 'boolean';
  if (type.flags & ts.TypeFlags.String) return 'string';
  if (type.flags & ts.TypeFlags.Number) return 'number';
  if (type.flags & ts.TypeFlags.Null) return 'null';
  if (type.flags & ts.TypeFlags.Unknown) return 'unknown';
  if (checker.isArrayType(type)) return 'array';
  return 'object';
}

/** Every difference between a type and a schema, as `path: what`. */
function differences(type: ts.Type, schema: Schema, path: string): string[] {
  const types = type.isUnion() ? type.types : [type];
  const kinds = [...new Set(types.map(typeKind))].sort();
  const schemas = alternatives(schema);
  // `unknown` in the client reads whatever is there; so does a schema without a type.
  if (kinds.includes('unknown') || schemas.some((s) => schemaKind(s) === 'unknown')) return [];
  // A client `string` reads any of the API's string constants (it may show a status it does not list).
  const widened = schemas.map((s) =>
    kinds.includes('string') && typeof s.enum?.[0] === 'string' ? 'string' : schemaKind(s),
  );
  const schemaKinds = [...new Set(widened)].sort();
  if (JSON.stringify(kinds) !== JSON.stringify(schemaKinds))
    return [`${path}: client ${kinds.join(' | ')}, API ${schemaKinds.join(' | ')}`];
  const problems: string[] = [];
  for (const member of types) {
    const kind = typeKind(member);
    const candidates = schemas.filter((s) => schemaKind(s) === kind);
    if (kind === 'array') {
      const element = checker.getTypeArguments(member as ts.TypeReference)[0]!;
      problems.push(...differences(element, candidates[0]!.items!, `${path}[]`));
    } else if (kind === 'object') {
      // Several object shapes (a discriminated union): the one whose constants the member has.
      const same = candidates.filter((s) => constantsAgree(member, s));
      const fits = (same.length ? same : candidates).map((s) => objectDifferences(member, s, path));
      problems.push(...fits.reduce((best, next) => (next.length < best.length ? next : best)));
    }
  }
  return problems;
}

/** Whether each literal-typed property of the type has that constant in the schema. */
function constantsAgree(type: ts.Type, schema: Schema): boolean {
  return checker.getPropertiesOfType(type).every((property) => {
    const kind = typeKind(checker.getTypeOfSymbol(property));
    const propertySchema = schema.properties?.[property.getName()];
    return !kind.startsWith('"') || (propertySchema !== undefined && schemaKind(propertySchema) === kind);
  });
}

function objectDifferences(type: ts.Type, schema: Schema, path: string): string[] {
  // The client may leave out what it does not show; what it names must be there, as it says.
  const problems: string[] = [];
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  for (const property of checker.getPropertiesOfType(type)) {
    const name = property.getName();
    const at = `${path}.${name}`;
    const propertySchema = properties[name];
    if (!propertySchema) {
      problems.push(`${at}: not in the API`);
      continue;
    }
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional === required.has(name))
      problems.push(`${at}: ${optional ? 'optional' : 'required'} in the client only`);
    const propertyType = checker.getNonNullableType(checker.getTypeOfSymbol(property));
    const declared = optional ? propertyType : checker.getTypeOfSymbol(property);
    problems.push(...differences(declared, propertySchema, at));
  }
  return problems;
}

describe('services/web/src/client/types.ts against openapi/', () => {
  test.each(Object.entries(CLIENT_TYPES))('%s', (name, { service, path, at }) => {
    const symbol = exported.find((s) => s.getName() === name);
    expect(symbol, `${name} is exported by types.ts`).toBeDefined();
    const type = checker.getDeclaredTypeOfSymbol(symbol!);
    expect(differences(type, responseSchema(service, path, at), name)).toEqual([]);
  });

  test('a drift is caught: a field renamed, made nullable, optional or of another type', () => {
    const summary = checker.getDeclaredTypeOfSymbol(exported.find((s) => s.getName() === 'BurstSummary')!);
    const schema = responseSchema('alerts', '/v1/bursts', ['bursts', '[]']);
    const { version: _renamed, ...rest } = schema.properties!;
    const drifted: Schema = {
      ...schema,
      properties: {
        ...rest,
        revision: { type: 'integer' },
        t0: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        alertSequenceId: { type: 'string' },
      },
      required: (schema.required ?? []).filter((name) => name !== 'updatedAt'),
    };
    expect(differences(summary, drifted, 'BurstSummary').sort()).toEqual([
      'BurstSummary.alertSequenceId: client null | number, API string',
      'BurstSummary.t0: client string, API null | string',
      'BurstSummary.updatedAt: required in the client only',
      'BurstSummary.version: not in the API',
    ]);
  });
});
