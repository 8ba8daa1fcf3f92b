import type { FastifyInstance } from 'fastify';
import type { StreamName } from '@svom/contracts';
import { migrateToLatest, openDatabase, type Database } from '@svom/db';
import type { BaseConfig } from './config.js';
import { connectNats, type NatsHandles } from './nats.js';
import { httpLimitsFrom, type HttpLimits } from './http-limits.js';
import { natsAuthFromEnv } from './nats-auth.js';
import { operatorAccessFrom, type OperatorAccess } from './operator-access.js';
import { checkProductionSecrets } from './production-secrets.js';
import { resolveJwtSecret } from './identity.js';
import { loadTls } from './tls.js';
import type { InfraOptions } from './plugins/infra.plugin.js';
import type { JwtAlgorithm } from './identity.js';

export interface ServiceContext {
  infra: InfraOptions;
  jwtSecret: string;
  /** The only algorithm people's JWTs may use (JWT_ALGORITHM). */
  jwtAlgorithm: JwtAlgorithm;
  https: { cert: string; key: string };
  logger: { level: string };
  /** Timeouts, connection and stream caps, load shedding, rate limit (BaseConfig's HTTP_*, SSE_*, MAX_*). */
  limits: HttpLimits;
  /** Who may read `/metrics` and `/docs` (METRICS_*, DOCS_*). */
  access: OperatorAccess;
  /** REQUEST_LOG_SAMPLE. */
  requestLogSample: number;
}

/**
 * What a service exports so that its own `server.ts`, the one-process `npm start` and the
 * OpenAPI generator can all run it the same way.
 */
export interface ServiceModule<C extends BaseConfig & { PORT: number } = BaseConfig & { PORT: number }> {
  name: string;
  /** Reads and validates this service's environment once. */
  loadConfig(env?: Record<string, string | undefined>): C;
  /** The JetStream streams it publishes to (created or updated at start). */
  streams: readonly StreamName[];
  /** Builds the app around opened resources; without `infra` only to write the OpenAPI document. */
  build(context: Partial<ServiceContext> & { jwtSecret: string }, config: C): Promise<FastifyInstance>;
  /** Starts background work (consumers, timers); returns its stop function. */
  start?(app: FastifyInstance, config: C): Promise<() => Promise<void>>;
}

export interface RunOptions<C extends BaseConfig & { PORT: number } = BaseConfig & { PORT: number }> {
  module: ServiceModule<C>;
  config: C;
  /** Already opened resources to share (the one-process `npm start`). */
  shared?: { database: Database; nats: NatsHandles };
}

/**
 * Boots a service: opens PostgreSQL (or PGlite) and NATS, builds the app, listens over HTTPS, and
 * on SIGTERM/SIGINT stops accepting, lets in-flight requests finish, stops background work, drains
 * NATS and closes the pool, in that order, so nothing acknowledged is half-written.
 */
export async function runService<C extends BaseConfig & { PORT: number }>(
  options: RunOptions<C>,
): Promise<{ app: FastifyInstance; stop(): Promise<void> }> {
  const { config, module } = options;
  // NODE_ENV=production never starts on a missing, short or published secret (issue 15).
  checkProductionSecrets(config);
  // Read before anything is opened, so a bad allowlist stops the start at once, named.
  const access = operatorAccessFrom(config);
  const database =
    options.shared?.database ??
    (await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` }));
  if (!options.shared) await migrateToLatest(database.db);
  const nats =
    options.shared?.nats ??
    (await connectNats({
      url: config.NATS_URL,
      prefix: config.NATS_PREFIX,
      replicas: config.NATS_REPLICAS,
      maxBytes: config.NATS_STREAM_MAX_MB * 1024 * 1024,
      name: module.name,
      streams: module.streams,
      auth: natsAuthFromEnv(config),
      maxAgeDays: config.STREAM_MAX_AGE_DAYS,
      noticesMaxAgeDays: config.NOTICES_MAX_AGE_DAYS,
    }));
  if (options.shared) {
    const { ensureStreams } = await import('@svom/contracts');
    await ensureStreams(
      nats.jsm,
      {
        prefix: nats.prefix,
        replicas: config.NATS_REPLICAS,
        maxBytes: config.NATS_STREAM_MAX_MB * 1024 * 1024,
        maxAgeDays: config.STREAM_MAX_AGE_DAYS,
        noticesMaxAgeDays: config.NOTICES_MAX_AGE_DAYS,
      },
      module.streams,
    );
  }
  const tls = await loadTls({ certFile: config.TLS_CERT, keyFile: config.TLS_KEY, dataDir: config.DATA_DIR });
  const jwtSecret = resolveJwtSecret({ secret: config.JWT_SECRET, dataDir: config.DATA_DIR });
  const app = await module.build(
    {
      infra: { database, nats },
      jwtSecret,
      jwtAlgorithm: config.JWT_ALGORITHM,
      https: tls,
      logger: { level: config.LOG_LEVEL },
      limits: httpLimitsFrom(config),
      access,
      requestLogSample: config.REQUEST_LOG_SAMPLE,
    },
    config,
  );
  await app.listen({ host: config.HOST, port: config.PORT });
  const stopBackground = module.start ? await module.start(app, config) : async () => {};
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      app.log.info('shutting down: no new requests, finishing in-flight work');
      await app.close();
      await stopBackground();
      if (!options.shared) {
        await nats.nc.drain().catch(() => {});
        await database.close();
      }
    })());
  return { app, stop };
}

/**
 * What a service process does when an exception reaches its top, or a promise is rejected with
 * nobody listening: it logs it once, at fatal, and exits with code 1, so that its supervisor
 * (compose's `restart:`, Kubernetes, systemd) starts a clean process and counts the restart.
 * It never continues: after an uncaught exception the process's state is unknown (a half-sent
 * frame, a lock never released). Every input handler catches its own faults first (issue 16);
 * reaching this is a bug, and the log line says where. Installed once per process.
 */
export function exitOnCrash(
  log: { fatal(o: unknown, msg: string): void },
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  if (crashHandlerInstalled) return;
  crashHandlerInstalled = true;
  // With this listener, an unhandled rejection arrives here too (origin 'unhandledRejection').
  process.on('uncaughtException', (error, origin) => {
    const what = origin === 'unhandledRejection' ? 'unhandled promise rejection' : 'uncaught exception';
    log.fatal({ err: error, origin }, `${what}: exiting with code 1 so the supervisor restarts a clean process`);
    exit(1);
  });
}
let crashHandlerInstalled = false;

/**
 * Wires the end of a service process: SIGTERM/SIGINT stop it gracefully, with a deadline so a
 * stuck drain cannot hang a deploy, and a crash exits it ({@link exitOnCrash}).
 */
export function stopOnSignals(
  stop: () => Promise<void>,
  log: { info(msg: string): void; error(o: unknown, msg: string): void; fatal(o: unknown, msg: string): void },
  deadlineMs = 15_000,
): void {
  exitOnCrash(log);
  const onSignal = (signal: string) => {
    log.info(`${signal} received`);
    const timer = setTimeout(() => {
      log.error({ signal }, `graceful stop took over ${deadlineMs} ms; exiting`);
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'graceful stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
