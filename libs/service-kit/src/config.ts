import { readFileSync } from 'node:fs';
import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ConsumerConfig } from './consumer.settings.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'KIT_BAD_CONFIG';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** What every service reads from the environment (docs/architecture.md, Running). */
export const BaseConfig = {
  HOST: Type.String({ default: '127.0.0.1', description: 'address to listen on (0.0.0.0 in containers)' }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL; embedded PGlite under DATA_DIR when unset' }),
  ),
  NATS_URL: Type.String({ default: 'nats://127.0.0.1:4222', description: 'comma-separated NATS servers' }),
  NATS_PREFIX: Type.String({
    default: '',
    pattern: '^[A-Za-z0-9_-]*$',
    description: 'roots every subject and stream elsewhere (tests)',
  }),
  NATS_REPLICAS: Type.Integer({ default: 1, minimum: 1, maximum: 5 }),
  NATS_STREAM_MAX_MB: Type.Integer({
    default: 512,
    minimum: 1,
    description: 'the most each JetStream stream keeps (MiB; the oldest messages go first)',
  }),
  NATS_USER: Type.Optional(Type.String({ description: 'NATS user of the FSC account (deploy/nats/accounts.conf)' })),
  NATS_PASSWORD: Type.Optional(Type.String({ description: 'its password; NATS_USER and NATS_PASSWORD go together' })),
  NATS_CREDENTIALS: Type.Optional(
    Type.String({ description: 'a credentials file (NATS_USER=, NATS_PASSWORD= lines) instead of the two' }),
  ),
  NATS_CA: Type.Optional(Type.String({ description: 'PEM file to trust for the TLS of the NATS client port' })),
  STREAM_MAX_AGE_DAYS: Type.Number({
    default: 30,
    exclusiveMinimum: 0,
    description: 'how long JetStream keeps messages',
  }),
  NOTICES_MAX_AGE_DAYS: Type.Number({
    default: 30,
    exclusiveMinimum: 0,
    description: 'how long the NOTICES stream keeps notices for subscribers to replay',
  }),
  TLS_CERT: Type.Optional(
    Type.String({ description: 'PEM certificate file; a self-signed pair for localhost is made when unset' }),
  ),
  TLS_KEY: Type.Optional(Type.String()),
  JWT_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      description: "signing key of people's JWTs; generated once under DATA_DIR in development",
    }),
  ),
  DATA_DIR: Type.String({ default: './data' }),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info' },
  ),
  RATE_LIMIT_PER_MINUTE: Type.Integer({
    default: 6000,
    minimum: 1,
    description: 'write requests per client and minute (routes that do not set their own)',
  }),
  JWT_ALGORITHM: Type.Union([Type.Literal('HS256'), Type.Literal('HS384'), Type.Literal('HS512')], {
    default: 'HS256',
    description: "the only algorithm people's JWTs may be signed with",
  }),
  HTTP_MAX_CONNECTIONS: Type.Integer({
    default: 1024,
    minimum: 1,
    description: 'open HTTP connections at most; more are refused at accept',
  }),
  HTTP_REQUEST_TIMEOUT_MS: Type.Integer({
    default: 30_000,
    minimum: 1000,
    description: 'a request (head and body) not fully received in this time gets a 408 and its socket closed',
  }),
  HTTP_HEADERS_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 1000,
    description: 'a request head not fully received in this time gets a 408',
  }),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 1000,
    description: 'an idle keep-alive connection is closed after this',
  }),
  SSE_MAX_CLIENTS: Type.Integer({ default: 256, minimum: 1, description: 'open event streams at most (429 beyond)' }),
  SSE_MAX_CLIENTS_PER_IP: Type.Integer({
    default: 16,
    minimum: 1,
    description: 'open event streams from one address at most (429 beyond)',
  }),
  METRICS_ALLOW: Type.Optional(
    Type.String({
      description:
        'who may read /metrics without METRICS_TOKEN: IPs and CIDRs, comma-separated, * or none; unset: everyone in development, loopback in production or when METRICS_TOKEN is set',
    }),
  ),
  METRICS_TOKEN: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'a bearer token (or Basic password) that admits anyone to /metrics; METRICS_TOKEN_FILE names a file',
    }),
  ),
  DOCS_ALLOW: Type.Optional(
    Type.String({ description: 'who may read /docs (Swagger UI, OpenAPI) without DOCS_TOKEN; as METRICS_ALLOW' }),
  ),
  DOCS_TOKEN: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'a bearer token (or Basic password) that admits anyone to /docs; DOCS_TOKEN_FILE names a file',
    }),
  ),
  REQUEST_LOG_SAMPLE: Type.Integer({
    default: 100,
    minimum: 0,
    description:
      'on high-rate routes (receptions, probes, scrapes) one success in this many is logged at info, the others at debug (0: none); failures always',
  }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({
    default: 1000,
    minimum: 0,
    description: 'mean event-loop delay past which requests get 503 with Retry-After (0: off); probes still answer',
  }),
  MAX_HEAP_USED_MB: Type.Integer({
    default: 0,
    minimum: 0,
    description: 'V8 heap past which requests get 503 (0: off)',
  }),
  MAX_RSS_MB: Type.Integer({
    default: 0,
    minimum: 0,
    description: 'resident memory past which requests get 503 (0: off)',
  }),
  OVERLOAD_RETRY_AFTER_S: Type.Integer({
    default: 5,
    minimum: 1,
    description: 'the Retry-After of a 503 from an overloaded service',
  }),
  // The durable JetStream consumer's (DurableConsumer); a service changes a default by naming the key again.
  ...ConsumerConfig,
};

/**
 * Reads the environment once against a TypeBox schema: defaults filled, strings converted to
 * numbers/booleans, every bad value reported at once by name, and the result frozen. Any
 * variable may instead be given as `<NAME>_FILE`, the path of a file holding its value (Docker
 * and Kubernetes secrets: `JWT_SECRET_FILE=/run/secrets/jwt`); the variable itself wins if both
 * are set, and a file that cannot be read is reported by name.
 */
export function loadConfig<P extends TProperties>(
  properties: P,
  env: Record<string, string | undefined> = process.env,
): Readonly<Static<TObject<P>>> {
  const schema = Type.Object(properties);
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(properties)) {
    const file = env[`${key}_FILE`];
    let value = env[key];
    if ((value === undefined || value === '') && file) {
      try {
        value = readFileSync(file, 'utf8').trim();
      } catch (error) {
        problems.push(`${key}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        continue;
      }
    }
    if (value !== undefined && value !== '') raw[key] = value;
    else if (value === '' && key === 'NATS_PREFIX') raw[key] = '';
  }
  const converted = Value.Convert(schema, Value.Default(schema, raw)) as Record<string, unknown>;
  // Checked key by key so every bad variable is named once, with what was expected.
  for (const [key, property] of Object.entries(properties)) {
    if (converted[key] === undefined || Value.Check(property, converted[key])) continue;
    problems.push(`${key}: ${expectation(property)} (got ${JSON.stringify(raw[key])})`);
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(converted) as Readonly<Static<TObject<P>>>;
}

export type BaseConfig = Static<TObject<typeof BaseConfig>>;

function expectation(schema: TSchema): string {
  const s = schema as {
    anyOf?: Array<{ const?: unknown }>;
    type?: string;
    pattern?: string;
    minimum?: number;
    maximum?: number;
    minLength?: number;
  };
  if (s.anyOf?.every((o) => o.const !== undefined)) return `one of ${s.anyOf.map((o) => String(o.const)).join(', ')}`;
  if (s.pattern) return `a value matching ${s.pattern}`;
  if (s.type === 'integer' || s.type === 'number') {
    const range =
      s.minimum !== undefined || s.maximum !== undefined ? ` from ${s.minimum ?? '-inf'} to ${s.maximum ?? 'inf'}` : '';
    return `${s.type === 'integer' ? 'a whole number' : 'a number'}${range}`;
  }
  if (s.minLength) return `at least ${s.minLength} characters`;
  return `a ${s.type ?? 'valid value'}`;
}
