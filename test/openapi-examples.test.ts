/**
 * Every request and response body of every OpenAPI document (openapi/*.json) shows an example, of
 * every media type (problem+json, event streams and XML included), and every example in the
 * documents validates against its schema: what a client generator or a reader copies is true.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { bodies, examplesIn, lacksExample, validatorOf } from './openapi-examples.js';

const root = new URL('../', import.meta.url);
const files = readdirSync(new URL('openapi/', root)).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(new URL(`openapi/${file}`, root), 'utf8'));

describe.each(files)('%s', (file) => {
  test('every request and response body has an example', () => {
    const document = read(file);
    const all = bodies(document);
    const missing = all.filter((b) => lacksExample(document, b.media)).map((b) => b.where);
    console.log(`${file}: ${all.length - missing.length}/${all.length} bodies with an example`);
    expect(all.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  test('every example validates against its schema', () => {
    const document = read(file);
    const validate = validatorOf(document);
    const examples = examplesIn(document);
    const invalid = examples.flatMap((e) => validate(e.schemaPointer, e.value).map((error) => `${e.where}: ${error}`));
    console.log(`${file}: ${examples.length} examples validated`);
    expect(invalid).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(bodies(document).length);
  });
});

describe('the checks themselves', () => {
  test('a body without an example, and an example its schema refuses, are both found', () => {
    const document = {
      openapi: '3.1.0',
      paths: {
        '/v1/bursts/{burstId}': {
          get: {
            responses: {
              200: {
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/Burst' }, example: { burstId: 42 } },
                  'application/xml': { schema: { type: 'string' } },
                },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Burst: {
            type: 'object',
            required: ['burstId', 't0'],
            properties: {
              burstId: { type: 'string', examples: ['sb26011501'] },
              t0: { type: 'string', format: 'date-time', example: 'yesterday' },
              example: { type: 'string' },
            },
          },
        },
      },
    };
    expect(
      bodies(document)
        .filter((b) => lacksExample(document, b.media))
        .map((b) => b.where),
    ).toEqual(['get /v1/bursts/{burstId} 200 application/xml']);
    const validate = validatorOf(document);
    const errors = examplesIn(document).map((e) => [e.where, validate(e.schemaPointer, e.value).sort()]);
    expect(errors).toEqual([
      [
        '/paths/~1v1~1bursts~1{burstId}/get/responses/200/content/application~1json/example',
        ["/ must have required property 't0'", '/burstId must be string'],
      ],
      ['/components/schemas/Burst/properties/burstId/examples/0', []],
      ['/components/schemas/Burst/properties/t0/example', ['/ must match format "date-time"']],
    ]);
  });
});
