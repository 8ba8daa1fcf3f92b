import { Value } from 'typebox/value';
import { describe, expect, test } from 'vitest';
import { FSC_SCHEMA_IDS, NoticeJsonEnvelope, validateNoticeJson, VOEVENT_JSON_SCHEMA_ID } from '@svom/voevent';
import {
  ALERT_NOTICE_ENVELOPE_SCHEMA,
  ALERT_NOTICE_SCHEMAS,
  alertNoticeExample,
  fscSchemaId,
  messageCatalog,
  SCHEMA_BASE_URL,
} from '@svom/contracts';
import { publishedSchema, publishedSchemas } from '@svom/contracts/published';

/** A TypeBox schema's `$id` (TypeBox types it only when it is given literally). */
const idOf = (schema: unknown) => (schema as { $id?: string }).$id;

/** Every place in a schema that forbids properties it does not name, as JSON Pointers. */
function closedAt(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const here = Object.entries(schema).flatMap(([key, value]) => closedAt(value, `${at}/${key}`));
  const record = schema as Record<string, unknown>;
  const closed = ['additionalProperties', 'unevaluatedProperties'].filter(
    (k) => record[k] === false && !('patternProperties' in record),
  );
  return [...closed.map((k) => `${at}/${k}`), ...here];
}

describe('published schemas', () => {
  test('every $id is versioned under the base, unique, and its path is the $id under the base', () => {
    const schemas = publishedSchemas();
    expect(schemas.length).toBe(messageCatalog.filter((m) => m.schema).length + 1 + 5);
    for (const s of schemas) {
      expect(s.id).toMatch(/^https:\/\/fsc\.svom\.eu\/schemas\/v1\/[A-Za-z0-9/_-]+\.schema\.json$/);
      expect(s.schema['$id']).toBe(s.id);
      expect(SCHEMA_BASE_URL + s.path).toBe(s.id);
      expect(publishedSchema(s.path)).toBe(s);
    }
    expect(new Set(schemas.map((s) => s.id)).size).toBe(schemas.length);
    expect(publishedSchema('v1/../v1/voevent.schema.json')).toBeUndefined();
  });

  test('fscSchemaId refuses what is not a schema path or a major version', () => {
    expect(fscSchemaId('messages/alert-burst.schema.json')).toBe(
      'https://fsc.svom.eu/schemas/v1/messages/alert-burst.schema.json',
    );
    expect(fscSchemaId('notices/mxt.schema.json', 2)).toBe('https://fsc.svom.eu/schemas/v2/notices/mxt.schema.json');
    for (const bad of ['../x.schema.json', 'a//b.schema.json', 'x.json', '/abs.schema.json'])
      expect(() => fscSchemaId(bad)).toThrow(/not a schema path/);
    expect(() => fscSchemaId('x.schema.json', 0)).toThrow(/major version/);
  });

  test('the contracts and @svom/voevent name the notice schemas alike', () => {
    expect(ALERT_NOTICE_SCHEMAS).toMatchObject(FSC_SCHEMA_IDS);
    expect(idOf(NoticeJsonEnvelope)).toBe(ALERT_NOTICE_ENVELOPE_SCHEMA);
    for (const id of [...Object.values(FSC_SCHEMA_IDS), VOEVENT_JSON_SCHEMA_ID, ALERT_NOTICE_ENVELOPE_SCHEMA])
      expect(publishedSchemas().map((s) => s.id)).toContain(id);
  });

  test('the notice example is a real notice: valid against its $schema and the envelope', () => {
    expect(validateNoticeJson(alertNoticeExample)).toEqual({ valid: true, errors: [] });
    expect(Value.Check(NoticeJsonEnvelope, alertNoticeExample)).toBe(true);
  });

  test('the TypeBox schemas are served with their dialect and example', () => {
    for (const m of messageCatalog.filter((c) => c.schema)) {
      const served = publishedSchemas().find((s) => s.id === idOf(m.schema))!;
      expect(served.schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
      expect(served.schema['examples']).toEqual([m.example]);
      const { $schema: _dialect, examples: _examples, ...schema } = served.schema;
      expect(schema).toEqual(JSON.parse(JSON.stringify(m.schema)));
    }
  });

  // docs/schemas.md: what the FSC publishes admits properties added later; only the VOEvent JSON
  // form, a lossless round trip that `svom convert` reads back into XML, refuses unknown ones.
  test('no published schema closes an object, but the VOEvent JSON form', () => {
    for (const s of publishedSchemas()) {
      if (s.id === VOEVENT_JSON_SCHEMA_ID) expect(closedAt(s.schema).length).toBeGreaterThan(0);
      else expect(closedAt(s.schema), s.path).toEqual([]);
    }
  });
});
