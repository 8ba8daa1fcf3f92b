import type { Command } from 'commander';
import { migrateToLatest, openDatabase } from '@svom/db';
import { connectNats, runService, BaseConfig, loadConfig } from '@svom/service-kit';
import type { StreamName } from '@svom/contracts';
import { ensureLocalNats } from './local-nats.js';
import { ensureLocalProsody } from './local-prosody.js';
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
    name: 'svom-fsc',
    streams,
  });
  log(`NATS: ${base.NATS_URL}${nats.started ? ' (started here)' : ''}`);

  const running: Array<{ name: string; port: number; stop(): Promise<void> }> = [];
  for (const module of SERVICES) {
    const config = module.loadConfig();
    const { stop } = await runService({ module, config, shared: { database, nats: handles } });
    running.push({ name: module.name, port: config.PORT, stop });
    log(
      `${module.name.padEnd(11)} https://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}  (API docs: /docs)`,
    );
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
      log,
    });
  }

  return async () => {
    await stopSimulation?.();
    for (const service of running.reverse()) await service.stop();
    await handles.nc.drain().catch(() => {});
    await database.close();
    prosody.stop();
    nats.stop();
  };
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Start the whole FSC on this machine (every service, one process)')
    .option('--simulate', 'also feed it simulated VHF stations')
    .option('--stations <n>', 'simulated stations', '12')
    .option('--rate <r>', 'simulated receptions per second', '20')
    .addHelpText(
      'after',
      '\nExamples:\n  svom start\n  svom start --simulate --stations 20 --rate 50\n  DATABASE_URL=postgres://postgres@127.0.0.1/fsc svom start',
    )
    .action(async (options: StartOptions) => {
      const stop = await startFsc(options);
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
    });
}
