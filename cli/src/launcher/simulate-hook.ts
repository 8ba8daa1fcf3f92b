import { loadSchedulerConfig } from '@svom/scheduler';
import { loadIngestConfig } from '@svom/vhf-ingest';
import { jwtSecret, trustedCertificates } from '../common/environment.js';
import { seedGeneralProgram } from '../simulate/general-program-seed.js';
import { runSimulation } from '../simulate/run-simulation.js';
import { progressLine } from '../simulate/simulation-stats.js';

/**
 * Where `svom start --simulate` starts the station simulator: against the ingest this process
 * just started, trusting its certificate and minting an operator token with the same key.
 * Logs a progress line every 30 s; the answered function stops it and waits for the last posts.
 */
export async function startSimulationForLauncher(options: {
  stations: number;
  rate: number;
  /** The port the ingest took (VHF_INGEST_PORT); its default when omitted. */
  port?: number | undefined;
  log: (line: string) => void;
}): Promise<() => Promise<void>> {
  const ingest = loadIngestConfig();
  const url = localUrl({ HOST: ingest.HOST, PORT: options.port ?? ingest.PORT });
  const controller = new AbortController();
  let lastLogMs = Date.now();
  const running = runSimulation(
    {
      url,
      stations: options.stations,
      rate: options.rate,
      burstsPerMin: 1,
      ca: trustedCertificates(),
      jwtSecret: jwtSecret(),
      onProgress: (stats) => {
        if (Date.now() - lastLogMs < 30_000) return;
        lastLogMs = Date.now();
        options.log(`simulate ${progressLine(stats).trim()}`);
      },
    },
    controller.signal,
  );
  // A failure must not take the FSC down with it: say so and let the services run on.
  running.catch((error: unknown) =>
    options.log(`simulate: stopped: ${error instanceof Error ? error.message : String(error)}`),
  );
  options.log(`simulate   ${options.stations} stations, ${options.rate} receptions/s, a burst a minute → ${url}`);
  // The General program page too: an orbit, requests and a plan of the next day.
  seedGeneralProgram({ url: localUrl(loadSchedulerConfig()), ca: trustedCertificates(), jwtSecret: jwtSecret() }).then(
    (seed) =>
      options.log(
        `simulate   general program: ${seed.submitted ? `${seed.submitted} requests submitted and accepted, ` : ''}plan ${seed.planId} for the next 24 h`,
      ),
    (error: unknown) =>
      options.log(`simulate   general program not seeded: ${error instanceof Error ? error.message : String(error)}`),
  );
  return async () => {
    controller.abort();
    await running.catch(() => {});
  };
}

/** The service's own address as this machine reaches it (a wildcard bind is reached on loopback). */
function localUrl(config: { HOST: string; PORT: number }): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `https://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}
