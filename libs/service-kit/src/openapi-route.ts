import type { RouteOptions } from 'fastify';
import { ProblemSchema } from './http-schemas.js';
import { sealExamples, sealedExample } from './openapi-examples.js';
import { isAuthenticating } from './plugins/auth.plugin.js';
import { problemTitle, problemType } from './plugins/problem.plugin.js';

/**
 * What the kit adds to each route's OpenAPI operation (the `transform` of @fastify/swagger), so
 * that no route has to repeat it: an operationId from its method and path when it names none,
 * its security (`[]` when public, the person JWT when a role check guards it), the problem
 * answers it can give (400 with validated input, 401/403 with credentials, 429 when rate-limited
 * or an event stream, 406 on an event stream, 500 always) and, on Server-Sent Events routes,
 * `text/event-stream` with the `Last-Event-ID` header.
 */
type Schema = Record<string, unknown> & {
  operationId?: string;
  security?: unknown[];
  response?: Record<string, unknown>;
  headers?: unknown;
  params?: unknown;
  querystring?: unknown;
  body?: unknown;
};

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request does not fit the schema: problem+json naming the failing field',
  401: 'Missing or invalid credentials',
  403: 'The credentials do not carry the role this needs',
  404: 'Nothing at this address',
  406: 'The client does not accept text/event-stream, all this route answers',
  429: 'Too many requests from this client: retry after the Retry-After seconds',
  503: 'The service is overloaded (retry after the Retry-After seconds) or cannot record this now: retry later',
  500: 'An internal error, logged with the request id',
};

const PROBLEM_EXAMPLE: Record<number, { code: string; title: string; detail: string }> = {
  400: { code: 'FSC_VALIDATION', title: 'Bad Request', detail: '/querystring/limit must be <= 500' },
  401: { code: 'FSC_UNAUTHORIZED', title: 'Unauthorized', detail: 'missing or invalid credentials: no token' },
  403: { code: 'FSC_FORBIDDEN', title: 'Forbidden', detail: 'this needs the role operator; jdoe holds scientist' },
  // What the not-found handler answers (problem.plugin.ts): a route whose own code says what is
  // missing (ALERTS_UNKNOWN_BURST…) documents it with `problemWith`.
  404: { code: 'FSC_NOT_FOUND', title: 'Not Found', detail: 'no route GET /v1/nowhere' },
  429: { code: 'FSC_RATE_LIMITED', title: 'Too Many Requests', detail: 'Rate limit exceeded, retry in 1 minute' },
  413: { code: 'FSC_PAYLOAD_TOO_LARGE', title: 'Payload Too Large', detail: 'Request body is too large' },
  500: { code: 'FSC_INTERNAL', title: 'Error', detail: 'internal error; see the logs with this request id' },
  // What any route answers while the service sheds load (pressure.plugin.ts). A conflict has no
  // kit-wide code: a route that answers 409 documents its own with `problemWith`.
  503: {
    code: 'FSC_OVERLOADED',
    title: 'Service Unavailable',
    detail: 'the service is overloaded (event loop delay 1240 ms); retry after 5 s',
  },
};

/** A problem document as the problem plugin answers it, for the documents' examples. */
function problemDocument(
  status: number,
  code: string,
  detail: string,
  more: { title?: string; field?: string; instance?: string } = {},
): Record<string, unknown> {
  const { title = problemTitle(status), ...rest } = more;
  return {
    type: problemType(code),
    title,
    status,
    code,
    detail,
    ...rest,
    requestId: '0f6c1e02-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
  };
}

/** What the problem plugin answers with this status (the shape and codes it really sends), for the documents. */
export function problemExample(status: number): Record<string, unknown> | undefined {
  const known = PROBLEM_EXAMPLE[status];
  if (!known) return undefined;
  return problemDocument(status, known.code, known.detail, {
    title: known.title,
    ...(status === 400 ? { field: '/querystring/limit' } : {}),
  });
}

/**
 * A route `response` entry for a problem the route answers with its own code, documented with
 * that problem as its example: `response: { 200: X, ...problems(400), ...problemWith(422, 'NOTIFY_…', '…') }`.
 */
export function problemWith(
  status: number,
  code: string,
  detail: string,
  more: { field?: string; instance?: string } = {},
): Record<number, unknown> {
  return { [status]: { ...ProblemSchema, examples: [problemDocument(status, code, detail, more)] } };
}

/** One problem a route answers with its own code, as `problemsWith` lists them. */
export type OwnProblem = { code: string; detail: string; field?: string; instance?: string };

/**
 * The kit's own problem for a status (FSC_VALIDATION, FSC_UNAUTHORIZED…), to list in `problemsWith`
 * beside a route's own codes of the same status.
 */
export function kitProblem(status: number): OwnProblem {
  const known = PROBLEM_EXAMPLE[status];
  if (!known) throw new Error(`the kit answers no problem of its own with status ${status}`);
  return { code: known.code, detail: known.detail, ...(status === 400 ? { field: '/querystring/limit' } : {}) };
}

/**
 * A route `response` entry for a status the route answers with several codes of its own (a 409
 * that is `ALERTS_ALREADY_RETRACTED` or `ALERTS_NOTHING_TO_RETRACT`): one example each, named by
 * its code (OpenAPI's `examples` map; @fastify/swagger moves `x-examples` onto the media type).
 * With one problem it is `problemWith`.
 */
export function problemsWith(status: number, ...problems: OwnProblem[]): Record<number, unknown> {
  if (problems.length === 1) {
    const [{ code, detail, ...more }] = problems as [OwnProblem];
    return problemWith(status, code, detail, more);
  }
  const examples = Object.fromEntries(
    problems.map(({ code, detail, ...more }) => [
      code,
      { value: sealedExample(problemDocument(status, code, detail, more)) },
    ]),
  );
  return { [status]: { ...ProblemSchema, 'x-examples': examples } };
}

/**
 * The response entry of a Server-Sent Events route (`response: { 200: eventStream(example) }`):
 * `text/event-stream` with an example of what the stream carries. Without it the kit documents the
 * stream with no example.
 */
export function eventStream(example?: string): Record<string, unknown> {
  return {
    description: 'Server-Sent Events (text/event-stream), kept open; a comment line every 15 s keeps it alive',
    content: { 'text/event-stream': { schema: { type: 'string', ...(example ? { examples: [example] } : {}) } } },
  };
}

/** A problem response entry in Fastify's response-schema form, documented as application/problem+json. */
export function problemResponse(status: number, example?: Record<string, unknown>): Record<string, unknown> {
  return {
    description: PROBLEM_TEXT[status] ?? 'An error (problem+json)',
    ...(status === 429
      ? { headers: { 'retry-after': { type: 'integer', description: 'seconds to wait before trying again' } } }
      : {}),
    content: { 'application/problem+json': { schema: ProblemSchema, ...(example ? { example } : {}) } },
  };
}

const hooksOf = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** camelCase operationId from a method and an OpenAPI path: `GET /v1/bursts/{burstId}` → `getBurstsByBurstId`. */
export function operationIdFor(method: string, path: string): string {
  const pascal = (word: string) =>
    word
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
  const parts = path
    .split('/')
    .filter((s) => s && !/^v\d+$/.test(s))
    .map((s) => (s === '*' || s === '{*}' ? 'Path' : s.startsWith(':') ? `By${pascal(s)}` : pascal(s)));
  return method.toLowerCase() + parts.join('');
}

/** The `transform` option of @fastify/swagger: the route's schema as the document shows it. */
export function documentRoute({
  schema,
  url: routeUrl,
  route,
}: {
  schema: unknown;
  url: string;
  route: RouteOptions;
}): {
  schema: Schema;
  url: string;
} {
  const given = (schema ?? {}) as Schema;
  let url = routeUrl;
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) as string;
  const authenticated = [...hooksOf(route.onRequest), ...hooksOf(route.preHandler)].some(isAuthenticating);
  const security = given.security ?? (authenticated ? [{ personJwt: [] }] : []);
  const config = route.config as { rateLimit?: unknown } | undefined;
  const sse = (route as { sse?: unknown }).sse !== undefined;
  const statuses = [500];
  if (given.params || given.querystring || given.body || given.headers) statuses.push(400);
  if (security.length > 0) statuses.push(401, 403);
  // No 404 is added: the not-found handler answers for paths no route has, and a route that finds
  // nothing answers its own code (ALERTS_UNKNOWN_BURST), documented with `problemWith`.
  if (config?.rateLimit || sse) statuses.push(429);
  // An event stream refuses a client that does not accept text/event-stream (SseClients.admission).
  if (sse) statuses.push(406);
  const response: Record<string, unknown> = { ...given.response };
  for (const status of statuses.sort()) response[status] ??= problemResponse(status);
  // An event stream's 429 is the admission's (SseClients), not the rate limiter's.
  if (sse && !given.response?.[429])
    response[429] = problemResponse(429, {
      ...problemExample(429),
      code: 'FSC_TOO_MANY_STREAMS',
      type: problemType('FSC_TOO_MANY_STREAMS'),
      detail: '16 event streams are open from this address (at most 16)',
      instance: url,
    });
  if (sse && !given.response?.[406])
    response[406] = problemResponse(406, {
      ...problemDocument(406, 'FSC_NOT_ACCEPTABLE', 'this route answers text/event-stream only, not application/json', {
        instance: url,
      }),
    });
  if (sse) response[200] ??= eventStream();
  const out: Schema = {
    ...given,
    ...(given.querystring ? { querystring: defaultsOptional(given.querystring) } : {}),
    operationId: given.operationId ?? operationIdFor(method, url),
    security,
    response,
  };
  if (sse && !given.headers)
    out.headers = {
      type: 'object',
      properties: {
        'last-event-id': {
          type: 'string',
          description:
            'The id of the last event received: the stream resumes after it (browsers send it on reconnecting)',
        },
      },
    };
  // Fastify names a wildcard `*`, which is no OpenAPI path parameter: documented as {path}.
  if (url.endsWith('*')) {
    url = `${url.slice(0, -1)}:path`;
    out.params = renameProperty(out.params, '*', 'path');
  }
  // Sealed: @fastify/swagger would rewrite the examples as schemas (openapi-examples.ts).
  return { schema: sealExamples(out) as Schema, url };
}

type ObjectSchema = { properties?: Record<string, { default?: unknown }>; required?: string[] };

/** A parameter with a default may be left out: the schema requires it only so the handler's type has it. */
function defaultsOptional(querystring: unknown): unknown {
  const q = querystring as ObjectSchema;
  if (!q.required || !q.properties) return querystring;
  return { ...q, required: q.required.filter((name) => q.properties![name]?.default === undefined) };
}

function renameProperty(schema: unknown, from: string, to: string): unknown {
  const s = schema as ObjectSchema | undefined;
  if (!s?.properties?.[from]) return schema;
  const { [from]: value, ...rest } = s.properties;
  return {
    ...s,
    properties: { ...rest, [to]: value },
    ...(s.required ? { required: s.required.map((r) => (r === from ? to : r)) } : {}),
  };
}
