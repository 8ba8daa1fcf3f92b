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

/** What every service reads from the environment (DESIGN.md, Running). */
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
    description: 'write requests per client and minute',
  }),
  // The durable JetStream consumer's (DurableConsumer); a service changes a default by naming the key again.
  ...ConsumerConfig,
};

/**
 * Reads the environment once against a TypeBox schema: defaults filled, strings converted to
 * numbers/booleans, every bad value reported at once by name, and the result frozen.
 */
export function loadConfig<P extends TProperties>(
  properties: P,
  env: Record<string, string | undefined> = process.env,
): Readonly<Static<TObject<P>>> {
  const schema = Type.Object(properties);
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
    else if (value === '' && key === 'NATS_PREFIX') raw[key] = '';
  }
  const converted = Value.Convert(schema, Value.Default(schema, raw)) as Record<string, unknown>;
  // Checked key by key so every bad variable is named once, with what was expected.
  const problems: string[] = [];
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
