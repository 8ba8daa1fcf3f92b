/**
 * Every OpenAPI document the services publish (openapi/*.json), linted by Redocly with its
 * recommended rules (redocly.yaml): no error. The warnings are counted and printed, so a new one
 * is seen in the test output; what the documents must hold for a client generator (an
 * operationId everywhere, security on every operation, problem+json errors) is asserted here
 * too; examples, on every body and valid, in openapi-examples.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { describe, expect, test } from 'vitest';

const root = new URL('../', import.meta.url);
const files = readdirSync(new URL('openapi/', root)).filter((f) => f.endsWith('.json'));
const config = await loadConfig({ configPath: fileURLToPath(new URL('redocly.yaml', root)) });

type Media = { schema?: unknown; example?: unknown };
type Operation = {
  operationId?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
};

function operations(file: string): Array<[string, Operation]> {
  const document = JSON.parse(readFileSync(new URL(`openapi/${file}`, root), 'utf8'));
  return Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Operation] => [`${method} ${path}`, op]),
  );
}

describe.each(files)('%s', (file) => {
  test('Redocly recommended: no error', async () => {
    const source = readFileSync(new URL(`openapi/${file}`, root), 'utf8');
    const problems = await lintFromString({
      source,
      absoluteRef: fileURLToPath(new URL(`openapi/${file}`, root)),
      config,
    });
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warn');
    const counts = new Map<string, number>();
    for (const w of warnings) counts.set(w.ruleId, (counts.get(w.ruleId) ?? 0) + 1);
    const byRule = [...counts].map(([rule, n]) => `${rule} ${n}`);
    console.log(`${file}: ${errors.length} errors, ${warnings.length} warnings (${byRule.join(', ')})`);
    expect(errors.map((e) => `${e.ruleId}: ${e.message} at ${e.location[0]?.pointer}`)).toEqual([]);
  });

  test('every operation has an operationId and a security requirement', () => {
    for (const [where, op] of operations(file)) {
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(Array.isArray(op.security), where).toBe(true);
    }
  });

  test('the Problem component is answered as application/problem+json, on errors only', () => {
    for (const [where, op] of operations(file))
      for (const [status, response] of Object.entries(op.responses))
        for (const [type, media] of Object.entries(response.content ?? {}))
          if ((media.schema as { $ref?: string } | undefined)?.$ref === '#/components/schemas/Problem')
            expect([status, type], where).toEqual([expect.stringMatching(/^[45]\d\d$/), 'application/problem+json']);
  });
});
