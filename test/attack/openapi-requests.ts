// Request plans for one OpenAPI operation (what to send, as whom), drawn by fast-check, and the
// way one is sent to an app in this process.
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import type { Role } from '@svom/service-kit';
import {
  fieldsOf,
  hostileValue,
  type JsonSchema,
  type Operation,
  REMOVE,
  urlEncode,
  validValue,
  withField,
} from './openapi-inputs.js';

export type Auth = 'none' | 'garbage' | Role | 'station' | 'facility';

/** A path parameter drawn from the ids the service has answered so far (`fallback` until there are some). */
interface PoolPick {
  pool: number;
  fallback: unknown;
}

export interface Plan {
  /** What this request probes: `valid`, `param <name>`, `field /a/b`, `missing /a`, `raw body`. */
  probe: string;
  auth: Auth;
  params: Record<string, unknown>;
  body: unknown;
  rawBody?: string;
  /** Which known id a valid request's id fields take (`stationId`, `burstId`...). */
  pick: number;
}

/** Bodies no JSON encoder makes, sent as they are. */
const RAW_BODIES: readonly string[] = [
  '',
  '{',
  '[]',
  'null',
  '0',
  '"text"',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  '{"a":1,"a":2}',
  '\ufeff{}',
  '{"\ud800":1}',
];

/** Who may call it: the valid credentials of each of its schemes, each role of people. */
export function credentialsFor(operation: Operation): Auth[] {
  const out: Auth[] = [];
  for (const scheme of operation.security) {
    if (scheme === 'personJwt') out.push('operator', 'burst-advocate', 'scientist');
    else if (scheme === 'stationToken') out.push('station');
    else if (scheme === 'facilityToken') out.push('facility');
  }
  return out.length ? out : ['none'];
}

/**
 * The ids a path parameter may take from earlier answers: `/v1/stations/{id}` reads `id` and
 * `stationId`, `{burstId}` reads `burstId`.
 */
export function poolNamesOf(operation: Operation): string[] {
  return operation.parameters
    .filter((p) => p.in === 'path')
    .flatMap((p) => {
      const segment = /\/([a-z-]+)\/\{[^}]+\}/.exec(
        operation.path.slice(0, operation.path.indexOf(`{${p.name}}`) + p.name.length + 2),
      )?.[1];
      const singular = segment?.replace(/ies$/, 'y').replace(/s$/, '');
      return singular ? [p.name, `${singular}Id`] : [p.name];
    });
}

function baseArb(operation: Operation, auths: readonly Auth[], valid = false): fc.Arbitrary<Plan> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const p of operation.parameters) {
    // A cursor is opaque, made by the API: a valid request starts without one.
    if (valid && p.name === 'cursor') continue;
    params[p.name] =
      p.in === 'path'
        ? fc.record({ pool: fc.nat(), fallback: validValue(p.schema) })
        : (validValue(p.schema) as fc.Arbitrary<unknown>);
    if (p.required || p.in === 'path') required.push(p.name);
  }
  return fc.record({
    probe: fc.constant('valid'),
    auth: fc.constantFrom(...auths),
    params: fc.record(params, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>,
    body: operation.body ? validValue(operation.body) : fc.constant(undefined),
    pick: fc.nat(),
  });
}

/** Requests every field and parameter of which is valid, as each of the operation's callers. */
export function validPlans(operation: Operation): fc.Arbitrary<Plan> {
  return baseArb(operation, credentialsFor(operation), true);
}

/** Requests with one thing wrong: a parameter, a body field (or its absence), the body itself, the credentials. */
export function hostilePlans(operation: Operation): fc.Arbitrary<Plan> {
  const callers = credentialsFor(operation);
  const auths: Auth[] = operation.security.length ? [...callers, 'none', 'garbage'] : ['none'];
  const mutations: fc.Arbitrary<(plan: Plan) => Plan>[] = [];
  for (const p of operation.parameters)
    mutations.push(
      hostileValue(p.schema).map((value) => (plan: Plan) => ({
        ...plan,
        probe: `param ${p.name}`,
        params: { ...plan.params, [p.name]: value },
      })),
    );
  if (operation.body) {
    for (const field of fieldsOf(operation.body)) {
      const where = `/${field.path.join('/')}`;
      mutations.push(
        hostileValue(field.schema).map((value) => (plan: Plan) => ({
          ...plan,
          probe: `field ${where}`,
          body: withField(plan.body, field.path, value),
        })),
      );
      if (field.path.length > 0)
        mutations.push(
          fc.constant((plan: Plan) => ({
            ...plan,
            probe: `missing ${where}`,
            body: withField(plan.body, field.path, REMOVE),
          })),
        );
    }
    mutations.push(
      fc.constantFrom(...RAW_BODIES).map((raw) => (plan: Plan) => ({ ...plan, probe: 'raw body', rawBody: raw })),
      fc
        .tuple(fc.constantFrom('__proto__', 'constructor', 'unknownField', '\u0000', ''), fc.anything())
        .map(([key, value]) => (plan: Plan) => ({
          ...plan,
          probe: `extra field ${JSON.stringify(key)}`,
          rawBody: addKey(plan.body, key, value),
        })),
    );
  }
  // Credentials alone wrong, everything else right.
  if (operation.security.length) mutations.push(fc.constant((plan: Plan) => ({ ...plan, probe: 'credentials' })));
  if (mutations.length === 0) mutations.push(fc.constant((plan: Plan) => plan));
  return fc.tuple(baseArb(operation, auths), fc.oneof(...mutations)).map(([plan, mutate]) => mutate(plan));
}

/** A JSON object text with one more key (a literal `__proto__` survives only as text). */
function addKey(body: unknown, key: string, value: unknown): string {
  const text = JSON.stringify(body ?? {}) ?? '{}';
  const extra = `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`;
  return text.startsWith('{') && text !== '{}' ? `{${extra},${text.slice(1)}` : text === '{}' ? `{${extra}}` : text;
}

export interface Sent {
  method: string;
  url: string;
  auth: Auth;
  /** The body as sent, cut to 300 characters for the report. */
  body: string | undefined;
  status: number;
  contentType: string;
  answer: string;
}

export interface Credentials {
  person(role: Role): string;
  stationToken: string;
  facilityToken: string;
}

let sentCount = 0;

/** Sends a plan to the app; what came back (the body of an event stream is not waited for). */
export async function send(
  app: FastifyInstance,
  operation: Operation,
  plan: Plan,
  credentials: Credentials,
  pools: Map<string, string[]>,
): Promise<Sent> {
  const poolNames = poolNamesOf(operation);
  const value = (name: string) => {
    const v = plan.params[name];
    if (v && typeof v === 'object' && 'pool' in v && 'fallback' in v) {
      const pick = v as PoolPick;
      const candidates = poolNames.filter((n) => n === name || n.endsWith('Id')).flatMap((n) => pools.get(n) ?? []);
      const pool = name.endsWith('Id') ? (pools.get(name) ?? []) : candidates;
      return pool.length ? pool[pick.pool % pool.length] : pick.fallback;
    }
    return v;
  };
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => urlEncode(value(name)));
  const query: string[] = [];
  const headers: Record<string, string> = {};
  for (const p of operation.parameters) {
    if (!(p.name in plan.params)) continue;
    const v = value(p.name);
    if (p.in === 'query') {
      for (const one of Array.isArray(v) ? v : [v]) query.push(`${encodeURIComponent(p.name)}=${urlEncode(one)}`);
    } else if (p.in === 'header') headers[p.name] = headerSafe(v);
  }
  const authorization = authorizationOf(plan.auth, credentials);
  if (authorization) headers.authorization = authorization;
  const url = query.length ? `${path}?${query.join('&')}` : path;
  let payload: string | undefined;
  if (plan.rawBody !== undefined) payload = plan.rawBody;
  else if (plan.body !== undefined)
    payload = JSON.stringify(plan.probe === 'valid' ? withKnownIds(plan.body, pools, plan.pick) : plan.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  // Each request from an address of its own: per-address rate limits and stream caps would
  // otherwise answer 429 for the handlers after the first few requests.
  const remoteAddress = `10.${(++sentCount >> 16) & 255}.${(sentCount >> 8) & 255}.${sentCount & 255}`;
  const res = await withDeadline(
    app.inject({ method: operation.method as never, url, headers, payload, remoteAddress, payloadAsStream: true }),
    15_000,
    `${operation.method} ${url}`,
  );
  const contentType = String(res.headers['content-type'] ?? '');
  let answer = '';
  const stream = res.stream();
  if (contentType.startsWith('text/event-stream')) stream.destroy();
  else for await (const chunk of stream) answer += String(chunk);
  return {
    method: operation.method,
    url: url.length > 300 ? `${url.slice(0, 300)}… (${url.length} characters)` : url,
    auth: plan.auth,
    body:
      payload === undefined
        ? undefined
        : payload.length > 300
          ? `${payload.slice(0, 300)}… (${payload.length} characters)`
          : payload,
    status: res.statusCode,
    contentType,
    answer,
  };
}

function authorizationOf(auth: Auth, credentials: Credentials): string | undefined {
  switch (auth) {
    case 'none':
      return undefined;
    case 'garbage':
      return 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
    case 'station':
      return `Bearer ${credentials.stationToken}`;
    case 'facility':
      return `Bearer ${credentials.facilityToken}`;
    default:
      return `Bearer ${credentials.person(auth)}`;
  }
}

/** Header values cannot hold control characters or non-Latin-1: those are percent-encoded. */
function headerSafe(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(text) ? text : urlEncode(text);
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms: ${what}`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** A valid body whose id fields (`stationId`...) name things that exist, half the time the first known. */
function withKnownIds(body: unknown, pools: Map<string, string[]>, pick: number): unknown {
  if (Array.isArray(body)) return body.map((v) => withKnownIds(v, pools, pick));
  if (body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(body)) {
    const pool = typeof v === 'string' ? pools.get(key) : undefined;
    out[key] = pool?.length ? pool[pick % 2 === 0 ? 0 : pick % pool.length] : withKnownIds(v, pools, pick);
  }
  return out;
}

/** The strings of a reply body under these keys (ids to reuse as path parameters). */
export function harvest(body: unknown, names: ReadonlySet<string>, pools: Map<string, string[]>): void {
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 20)) visit(v, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (names.has(key) && (typeof v === 'string' || typeof v === 'number')) {
        const pool = pools.get(key) ?? [];
        if (!pool.includes(String(v)) && pool.length < 50) pool.push(String(v));
        pools.set(key, pool);
      } else visit(v, depth + 1);
    }
  };
  visit(body, 0);
}

export type { JsonSchema };
