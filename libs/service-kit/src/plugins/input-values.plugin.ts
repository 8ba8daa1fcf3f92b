import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './problem.plugin.js';

/**
 * Every value a request carries (path and query parameters, JSON body, at any depth), once
 * validated, must be one the FSC can store and compute with. Two kinds passed the route schemas
 * and reached PostgreSQL as 500s (found by the OpenAPI hostile-input test, issue 15):
 * - a string holding U+0000 (NUL), which PostgreSQL's `text` and `jsonb` refuse;
 * - a number that is not finite: Ajv converts the text `Infinity` or `1e400` of a query, path or
 *   body field to a number without checking it again, and skips `minimum`/`maximum` for it.
 * Either is a 400 naming the field, before the handler runs.
 */
export const inputValuesPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const bad =
        unusableAt(request.params, '/params') ??
        unusableAt(request.query, '/querystring') ??
        unusableAt(request.body, '/body');
      if (bad === undefined) return;
      return sendProblem(reply, {
        status: 400,
        code: 'FSC_VALIDATION',
        detail: `${bad.field} ${bad.message}`,
        field: bad.field,
        errors: [bad],
        instance: request.url,
      });
    });
  },
  { name: 'svom-input-values' },
);

/**
 * The first value (or key) that cannot be stored, by its JSON pointer. Iterative: a body nested
 * 20,000 deep parses, and must not overflow the stack here.
 */
function unusableAt(root: unknown, rootPath: string): { field: string; message: string } | undefined {
  const pending: Array<[unknown, string]> = [[root, rootPath]];
  while (pending.length) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path, message: 'must not contain U+0000 (NUL)' };
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return { field: path, message: 'must be a finite number' };
      continue;
    }
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i]!;
      const here = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key.includes('\u0000')) return { field: here, message: 'must not contain U+0000 (NUL)' };
      pending.push([v, here]);
    }
  }
  return undefined;
}
