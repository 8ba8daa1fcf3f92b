import { migrateToLatest, openDatabase } from '@svom/db';
import { connectNats, exitOnCrash, runService, BaseConfig, loadConfig } from '@svom/service-kit';
import type { StreamName } from '@svom/contracts';
import { ensureLocalNats } from './local-nats.js';
import { ensureLocalProsody } from './local-prosody.js';
import { serviceEnv } from './service-env.js';
import { SERVICES } from './services.js';

export interface StartOptions {
  simulate?: boolean;
  stations?: string;
  rate?: string;
}

/**
 * `svom start`: the whole FSC in one process on this machine, around one database (PostgreSQL
 * from DATABASE_URL, else embedded PGlite under ./data, which only one process may open) and one
 * NATS connection. Each service still listens on its own port with its own app.
 */
export async function startFsc(
  options: StartOptions,
  log: (line: string) => void = console.log,
): Promise<() => Promise<void>> {
  // One terminal for five services: request logs only when asked for (LOG_LEVEL=info).
  process.env.LOG_LEVEL ??= 'warn';
  const base = loadConfig(BaseConfig);
  const nats = await ensureLocalNats(base.NATS_URL, base.DATA_DIR, log);
  const prosody = await ensureLocalProsody(log);
  const database = await openDatabase({ url: base.DATABASE_URL, dataDir: `${base.DATA_DIR}/pglite` });
  const applied = await migrateToLatest(database.db);
  log(`database: ${database.description}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`);
  const streams = [...new Set(SERVICES.flatMap((s) => s.streams))] as StreamName[];
  const handles = await connectNats({
    url: base.NATS_URL,
    prefix: base.NATS_PREFIX,
    replicas: base.NATS_REPLICAS,
    maxBytes: base.NATS_STREAM_MAX_MB * 1024 * 1024,
    name: 'svom-fsc',
    streams,
  });
  log(`NATS: ${base.NATS_URL}${nats.started ? ' (started here)' : ''}`);

  const running: Array<{ name: string; port: number; stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const service of running.reverse()) await service.stop();
    await handles.nc.drain().catch(() => {});
    await database.close();
    prosody.stop();
    nats.stop();
  };
  try {
    for (const module of SERVICES) {
      const config = module.loadConfig(serviceEnv(module.name, process.env, running));
      const { app, stop } = await runService({ module, config, shared: { database, nats: handles } });
      // The port it really took (0 asks the system for one).
      const address = app.server.address();
      const port = address && typeof address === 'object' ? address.port : config.PORT;
      running.push({ name: module.name, port, stop });
      log(
        `${module.name.padEnd(11)} https://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}  (API docs: /docs)`,
      );
    }
  } catch (error) {
    // Half an FSC must not stay up looking whole: what started stops, and the caller exits 1.
    log(`could not start every service: ${(error as Error).message}; stopping the ${running.length} started`);
    // Bounded: a stop that hangs must not keep half an FSC up either.
    await Promise.race([stopAll().catch(() => {}), new Promise((r) => setTimeout(r, 10_000).unref())]);
    throw error;
  }

  const web = running.find((r) => r.name === 'web');
  if (web)
    log(
      `\ndashboard   https://localhost:${web.port}/   (self-signed for localhost: trust ${base.DATA_DIR}/tls/localhost.crt, or accept it)`,
    );
  log(
    `people      npm run svom -- user token --name <you> --role burst-advocate   (roles: operator, burst-advocate, scientist)`,
  );
  log(`stop        Ctrl-C\n`);

  let stopSimulation: (() => Promise<void>) | undefined;
  if (options.simulate) {
    const { startSimulationForLauncher } = await import('./simulate-hook.js');
    stopSimulation = await startSimulationForLauncher({
      stations: Number(options.stations ?? 12),
      rate: Number(options.rate ?? 20),
      port: running.find((r) => r.name === 'vhf-ingest')?.port,
      log,
    });
  }

  return async () => {
    await stopSimulation?.();
    await stopAll();
  };
}

/** `svom start`'s action: the FSC until SIGINT or SIGTERM; exit 1 if it cannot start or a service crashes. */
export async function runFsc(options: StartOptions): Promise<void> {
  // Every service runs in this one process: a fault reaching its top takes all of them down,
  // said loudly, exit 1; nothing restarts here (a supervisor, or you, starts a clean process).
  exitOnCrash({
    fatal: (o) => {
      const { err, origin } = o as { err?: unknown; origin?: string };
      const what = origin === 'unhandledRejection' ? 'unhandled promise rejection' : 'uncaught exception';
      console.error(
        `\nsvom start: ${what}: every service of the FSC stops with this process (exit 1); nothing is restarted\n${
          err instanceof Error ? (err.stack ?? err.message) : String(err)
        }`,
      );
    },
  });
  let stop: () => Promise<void>;
  try {
    stop = await startFsc(options);
  } catch (error) {
    console.error(`svom start: the FSC did not start: ${(error as Error).message}`);
    process.exit(1);
  }
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping the FSC…');
    stop().then(
      () => process.exit(0),
      (error) => (console.error(error), process.exit(1)),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
