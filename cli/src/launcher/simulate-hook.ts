import { loadIngestConfig } from '@svom/vhf-ingest';
import { jwtSecret, trustedCertificates } from '../common/environment.js';
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
  const config = loadIngestConfig();
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${options.port ?? config.PORT}`;
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
  return async () => {
    controller.abort();
    await running.catch(() => {});
  };
}
