import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { asyncapiJson, messagingMarkdown, openapiDocuments } from '../scripts/docs.generator.js';

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

  test('docs/messaging.md lists every subject of the contracts', () => {
    expect(read('docs/messaging.md'), 'docs/messaging.md is stale').toBe(messagingMarkdown());
  });

  test('docs/asyncapi.json is the AsyncAPI document of the contracts', () => {
    expect(read('docs/asyncapi.json'), 'docs/asyncapi.json is stale').toBe(asyncapiJson());
  });
});
