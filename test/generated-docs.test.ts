import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  asyncapiJson,
  messagingMarkdown,
  openapiDocuments,
  REST_API_TYPES_DIR,
  restApiTypes,
} from '../scripts/docs.generator.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('generated documents are up to date (run `npm run openapi` after changing routes or contracts)', () => {
  test('each service OpenAPI document matches its routes', async () => {
    const documents = await openapiDocuments();
    expect(Object.keys(documents).length).toBeGreaterThan(0);
    for (const [name, document] of Object.entries(documents)) {
      expect(JSON.parse(read(`openapi/${name}.json`)), `openapi/${name}.json is stale`).toEqual(
        JSON.parse(JSON.stringify(document)),
      );
    }
  });

  test('libs/rest-api-types holds the types generated from each document of openapi/, and no others', async () => {
    const names = readdirSync(new URL('../openapi/', import.meta.url))
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, ''));
    const files = await restApiTypes(Object.fromEntries(names.map((n) => [n, JSON.parse(read(`openapi/${n}.json`))])));
    expect(Object.keys(files)).toContain(`${REST_API_TYPES_DIR}alerts.generated.ts`);
    for (const [path, text] of Object.entries(files)) expect(read(path), `${path} is stale`).toBe(text);
    const generated = readdirSync(new URL(`../${REST_API_TYPES_DIR}`, import.meta.url)).filter((file) =>
      file.endsWith('.generated.ts'),
    );
    expect(generated.map((file) => `${REST_API_TYPES_DIR}${file}`).sort()).toEqual(
      Object.keys(files)
        .filter((path) => path.endsWith('.generated.ts'))
        .sort(),
    );
  });

  test('docs/messaging.md lists every subject of the contracts', () => {
    expect(read('docs/messaging.md'), 'docs/messaging.md is stale').toBe(messagingMarkdown());
  });

  test('docs/asyncapi.json is the AsyncAPI document of the contracts', () => {
    expect(read('docs/asyncapi.json'), 'docs/asyncapi.json is stale').toBe(asyncapiJson());
  });
});
