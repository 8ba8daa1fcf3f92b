import type { Command } from 'commander';
import { DEFAULT_URLS, jwtSecret, trustedCertificates } from '../common/environment.js';
import { httpsUrl, integerIn, numberIn } from '../common/parse-options.js';
import { runSimulation } from '../simulate/run-simulation.js';
import { progressLine, type SimulationStats } from '../simulate/simulation-stats.js';

interface SimulateOptions {
  url: string;
  stations: number;
  rate: number;
  seed?: number;
  duration?: number;
  burstsPerMin: number;
  copies: number;
  damage: number;
  ca?: string;
  token?: string;
}

/** `svom simulate`: simulated VHF stations relaying a simulated satellite to an ingest service. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('Post realistic relayed VHF traffic to an ingest service, as a network of stations')
    .option('--url <url>', 'the ingest service', httpsUrl, process.env.SVOM_INGEST_URL ?? DEFAULT_URLS.ingest)
    .option(
      '--stations <n>',
      'stations (they register themselves; an existing id gets a new token)',
      integerIn(1, 1000),
      12,
    )
    .option('--rate <r>', 'receptions a second, copies included', numberIn(0, 100_000), 20)
    .option('--seed <s>', 'random seed, to replay the same traffic', integerIn(0, 2 ** 32 - 1))
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)', numberIn(0.1, 1e9))
    .option('--bursts-per-min <b>', 'mean bursts a minute; the first triggers at once', numberIn(0, 600), 1)
    .option('--copies <n>', 'mean stations hearing each frame', numberIn(1, 20), 3)
    .option('--damage <p>', 'chance a reception is damaged (fails its CRC)', numberIn(0, 1), 0.05)
    .option('--ca <file>', 'PEM certificate to trust (default: TLS_CERT, else DATA_DIR/tls/localhost.crt)')
    .option('--token <jwt>', 'operator JWT to register stations (default: minted with the local key)')
    .addHelpText(
      'after',
      `
The satellite sends its platform packet every 60 s and, at random, bursts with their whole
message sequence (ECLAIRs alerts, GRM trigger, slew status, light curve, then MXT and VT over
the next minutes); extra platform packets bring the traffic up to --rate. Each frame is heard
by ~--copies stations 2-15 s later, a few copies damaged; each station posts its receptions in
one batch every 0.5 s. A live progress line on a terminal, a line every 10 s otherwise.

Examples:
  svom simulate
  svom simulate --stations 20 --rate 200 --bursts-per-min 2
  svom simulate --url https://127.0.0.1:8441 --seed 42 --duration 60
  svom simulate --duration 30 | tail -1     # the summary only`,
    )
    .action(async (options: SimulateOptions) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const tty = process.stderr.isTTY === true;
      let lastPlainMs = 0;
      const onProgress = (stats: SimulationStats) => {
        if (tty) process.stderr.write(`\r\x1b[2K${progressLine(stats)}`);
        else if (Date.now() - lastPlainMs >= 10_000) {
          lastPlainMs = Date.now();
          process.stderr.write(`${progressLine(stats)}\n`);
        }
      };
      const stats = await runSimulation(
        {
          url: options.url,
          stations: options.stations,
          rate: options.rate,
          seed: options.seed,
          durationS: options.duration,
          burstsPerMin: options.burstsPerMin,
          meanCopies: options.copies,
          damageProbability: options.damage,
          ca: trustedCertificates(options.ca),
          operatorToken: options.token,
          jwtSecret: options.token ? undefined : jwtSecret(),
          onProgress,
        },
        controller.signal,
      ).finally(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      });
      if (tty) process.stderr.write('\n');
      process.stdout.write(`done: ${progressLine(stats).trim()}\n`);
    });
}
