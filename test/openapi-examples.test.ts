/**
 * Every request and response body of every OpenAPI document (openapi/*.json) shows an example, of
 * every media type (problem+json, event streams and XML included), and every example in the
 * documents validates against its schema: what a client generator or a reader copies is true.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  bodies,
  examplesIn,
  lacksExample,
  problemCodesIn,
  problemExampleCodes,
  validatorOf,
} from './openapi-examples.js';

const root = new URL('../', import.meta.url);
const files = readdirSync(new URL('openapi/', root)).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(new URL(`openapi/${file}`, root), 'utf8'));

/**
 * The sources of the libs and services, but not the kit's table of generic examples
 * (openapi-route.ts): a code is real when something answers with it, not when it is documented.
 */
const sources = ['libs', 'services'].flatMap((top) =>
  readdirSync(new URL(`${top}/`, root), { recursive: true, encoding: 'utf8' })
    .filter((f) => /^[^/]+\/src\/.*\.ts$/.test(f) && !f.endsWith('openapi-route.ts'))
    .map((f) => readFileSync(new URL(`${top}/${f}`, root), 'utf8')),
);
const sentCodes = problemCodesIn(sources);

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

  test('every problem example names a code the FSC answers with', () => {
    const invented = problemExampleCodes(read(file)).filter((e) => !sentCodes.has(String(e.code)));
    expect(invented).toEqual([]);
  });
});

describe('the checks themselves', () => {
  test('a problem example whose code nothing answers with is found', () => {
    const sent = problemCodesIn([
      "Exists: createError('THINGS_EXISTS', 'thing %s exists', 409),",
      "return sendProblem(reply, { status: 503, code: 'FSC_OVERLOADED', detail });",
    ]);
    expect([...sent].sort()).toEqual(['FSC_OVERLOADED', 'THINGS_EXISTS']);
    const problem = (code: string) => ({
      content: { 'application/problem+json': { schema: { type: 'object' }, example: { code } } },
    });
    const document = {
      paths: {
        '/v1/things': { post: { responses: { 409: problem('FSC_CONFLICT'), 503: problem('FSC_OVERLOADED') } } },
      },
    };
    expect(problemExampleCodes(document).filter((e) => !sent.has(String(e.code)))).toEqual([
      {
        where: '/paths/~1v1~1things/post/responses/409/content/application~1problem+json/example',
        code: 'FSC_CONFLICT',
      },
    ]);
  });

  test('a named example (several codes of one status) is read and checked like a single one', () => {
    const sent = problemCodesIn(["Taken: createError('THINGS_TAKEN', 'thing %s is taken', 409),"]);
    const document = {
      paths: {
        '/v1/things': {
          post: {
            responses: {
              409: {
                content: {
                  'application/problem+json': {
                    schema: { type: 'object', required: ['code'] },
                    examples: { THINGS_TAKEN: { value: { code: 'THINGS_TAKEN' } }, THINGS_GONE: { value: {} } },
                  },
                },
              },
            },
          },
        },
      },
    };
    expect(problemExampleCodes(document).filter((e) => !sent.has(String(e.code)))).toEqual([
      {
        where: '/paths/~1v1~1things/post/responses/409/content/application~1problem+json/examples/THINGS_GONE',
        code: undefined,
      },
    ]);
    const validate = validatorOf(document);
    const invalid = examplesIn(document).flatMap((e) => validate(e.schemaPointer, e.value));
    expect(invalid).toEqual(["/ must have required property 'code'"]);
  });

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
