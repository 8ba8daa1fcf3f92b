/**
 * Every code a route of a service can answer with (found in its sources, test/route-problems.ts)
 * is documented in that route's OpenAPI responses, under its status: a client reading the
 * document learns every error it can be sent.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { documentedCodes, routeProblems } from './route-problems.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const services = readdirSync(join(root, 'services')).filter((s) =>
  readdirSync(join(root, 'openapi')).includes(`${s}.json`),
);

/**
 * Codes the scan finds but a route cannot answer, each with why: the scan follows the functions a
 * route calls, not the arguments that steer them.
 */
const UNREACHABLE: Record<string, string> = {
  'post /v1/requests/{id}/transitions 403 FOLLOWUP_FACILITY_ONLY':
    "authenticateActor is given the role operator there, so a JWT is admitted: FacilityOnly is the reports route's",
};

/** What the document misses of what the routes answer: `post /v1/x 404 CODE`, and routes it lacks. */
function undocumented(src: string, document: { paths: Record<string, Record<string, unknown>> }): string[] {
  const routeFiles = readdirSync(join(src, 'routes'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(src, 'routes', f));
  const missing: string[] = [];
  const routes = routeProblems(src, routeFiles);
  // A template path (`/v1/subscriptions/:id/${action}`) stands for the operations no literal path names.
  const literal = new Set(
    routes.filter((r) => !r.path.source.includes('[^/]+')).map((r) => `${r.method} ${r.path.source}`),
  );
  const named = (method: string, path: string) =>
    [...literal].some((l) => l.startsWith(`${method} `) && new RegExp(l.slice(method.length + 1)).test(path));
  for (const route of routes) {
    if (route.hidden) continue;
    const template = route.path.source.includes('[^/]+');
    const operations = Object.entries(document.paths)
      .filter(([path, item]) => route.path.test(path) && item[route.method] && !(template && named(route.method, path)))
      .map(([path, item]) => [path, item[route.method]] as const);
    if (operations.length === 0) missing.push(`${route.method} ${route.path.source}: no such operation`);
    for (const [path, operation] of operations)
      for (const { code, status } of route.thrown)
        if (
          !documentedCodes(operation, status).includes(code) &&
          !UNREACHABLE[`${route.method} ${path} ${status} ${code}`]
        )
          missing.push(`${route.method} ${path} ${status} ${code}`);
  }
  return missing;
}

describe.each(services)('%s', (service) => {
  test('every code its routes answer with is in their documented responses', () => {
    const document = JSON.parse(readFileSync(join(root, 'openapi', `${service}.json`), 'utf8'));
    const src = join(root, 'services', service, 'src');
    expect(routeProblems(src, []).length).toBe(0);
    expect(undocumented(src, document)).toEqual([]);
  });
});

describe('the scan itself', () => {
  // A service in miniature: an error table, a route file with a guard beside its routes, a handler
  // local of the same name as a sibling's, a service module with a throwing function and a constant.
  const src = mkdtempSync(join(tmpdir(), 'route-problems-'));
  mkdirSync(join(src, 'routes'));
  mkdirSync(join(src, 'things'));
  writeFileSync(
    join(src, 'errors.ts'),
    `export const ThingErrors = {
  Unknown: createError('THINGS_UNKNOWN', 'no thing %s', 404),
  Taken: createError('THINGS_TAKEN', 'thing %s (the first) is taken', 409),
  Away: createError('THINGS_AWAY', 'away', 503),
};
`,
  );
  writeFileSync(
    join(src, 'things', 'thing.service.ts'),
    `import { ThingErrors } from '../errors.js';
export const THING_PREFIX = 'th';
export async function takeThing(id: string) {
  if (!id) throw new ThingErrors.Unknown(id);
  throw new ThingErrors.Taken(id);
}
export function awayGuard() {
  throw new ThingErrors.Away('now');
}
`,
  );
  writeFileSync(
    join(src, 'routes', 'things.route.ts'),
    `import { awayGuard, takeThing, THING_PREFIX } from '../things/thing.service.js';
export async function thingsRoute(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = { preHandler: awayGuard() };

  r.get(
    '/v1/things/:id',
    { schema: { response: { 200: Thing } } },
    async (request) => ({ id: request.params.id, prefix: THING_PREFIX, taken: request.taken }),
  );

  r.post(
    '/v1/things/:id/take',
    { ...guard, schema: { response: { 200: Thing } } },
    async (request) => {
      const taken = await takeThing(request.params.id);
      return reply.code(413).send(problem({ status: 413, code: 'THINGS_TOO_BIG', detail: 'x' }));
    },
  );
  app.get('/v1/secret', { schema: { hide: true } }, async () => takeThing(''));
}
`,
  );
  const routes = routeProblems(src, [join(src, 'routes', 'things.route.ts')]);

  test('follows declarations, not whole modules, nor a sibling handler’s locals', () => {
    expect(
      routes.map((r) => [r.method, r.path.source, r.hidden, r.thrown.map((t) => `${t.status} ${t.code}`)]),
    ).toEqual([
      ['get', '^\\/v1\\/things\\/{id}$', false, []],
      [
        'post',
        '^\\/v1\\/things\\/{id}\\/take$',
        false,
        ['503 THINGS_AWAY', '409 THINGS_TAKEN', '413 THINGS_TOO_BIG', '404 THINGS_UNKNOWN'],
      ],
      ['get', '^\\/v1\\/secret$', true, ['409 THINGS_TAKEN', '404 THINGS_UNKNOWN']],
    ]);
  });

  test('a code the document does not show under its status is found', () => {
    const shows = (status: number, code: string) => ({
      [status]: { content: { 'application/problem+json': { example: { code } } } },
    });
    const document = {
      paths: {
        '/v1/things/{id}': { get: { responses: {} } },
        '/v1/things/{id}/take': {
          post: {
            responses: {
              ...shows(503, 'THINGS_AWAY'),
              ...shows(404, 'THINGS_UNKNOWN'),
              // The conflict is documented under the wrong status.
              ...shows(400, 'THINGS_TAKEN'),
              413: {
                content: {
                  'application/problem+json': { examples: { THINGS_TOO_BIG: { value: { code: 'THINGS_TOO_BIG' } } } },
                },
              },
            },
          },
        },
      },
    };
    expect(undocumented(src, document)).toEqual(['post /v1/things/{id}/take 409 THINGS_TAKEN']);
  });
});
