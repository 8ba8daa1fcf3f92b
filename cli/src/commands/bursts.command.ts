import { type Command, Option } from 'commander';
import { colorsFor } from '../common/colors.js';
import { DEFAULT_URLS, trustedCertificates } from '../common/environment.js';
import { createJsonClient } from '../common/https-client.js';
import { httpsUrl, integerIn } from '../common/parse-options.js';
import { burstReport, burstsTable } from '../bursts/burst-format.js';
import { getBurst, listBursts } from '../bursts/bursts-api.js';

interface Common {
  url: string;
  ca?: string;
  json?: boolean;
}

/** `svom bursts` and `svom burst <id>`: the alerts service's bursts, as tables or JSON. */
export function registerBurstsCommands(program: Command): void {
  const common = (command: Command) =>
    command
      .option('--url <url>', 'the alerts service', httpsUrl, process.env.SVOM_ALERTS_URL ?? DEFAULT_URLS.alerts)
      .option('--ca <file>', 'PEM certificate to trust (default: TLS_CERT, else DATA_DIR/tls/localhost.crt)')
      .option('--json', 'print JSON as the API answers it');

  common(program.command('bursts').description('List bursts, newest first, with their best position'))
    .option('--since <time>', 'T0 at or after (ISO 8601)')
    .option('--until <time>', 'T0 before (ISO 8601)')
    .addOption(new Option('--instrument <name>', 'seen by this instrument').choices(['GRM', 'ECLAIRs', 'MXT', 'VT']))
    .addOption(new Option('--status <status>', 'only this status').choices(['active', 'confirmed', 'retracted']))
    .option('--limit <n>', 'at most this many', integerIn(1, 100_000), 50)
    .option('--all', 'every burst (follows every page)')
    .addHelpText(
      'after',
      `
Examples:
  svom bursts
  svom bursts --since 2026-03-01T00:00:00Z --instrument MXT
  svom bursts --status retracted --json | jq -r '.[].burstId'
  svom bursts --all --json > bursts.json`,
    )
    .action(
      async (
        options: Common & {
          since?: string;
          until?: string;
          instrument?: string;
          status?: string;
          limit: number;
          all?: boolean;
        },
      ) => {
        const client = createJsonClient(options.url, { ca: trustedCertificates(options.ca) });
        try {
          const bursts = await listBursts(client, {
            since: options.since,
            until: options.until,
            instrument: options.instrument,
            status: options.status,
            max: options.all ? Infinity : options.limit,
          });
          process.stdout.write(
            options.json ? `${JSON.stringify(bursts, null, 2)}\n` : `${burstsTable(bursts, colorsFor())}\n`,
          );
        } finally {
          client.close();
        }
      },
    );

  common(
    program
      .command('burst')
      .description('One burst: position, notices, light curve, timeline')
      .argument('<id>', 'burst id, e.g. sb26022501'),
  )
    .addHelpText(
      'after',
      "\nExit 1 when there is no such burst.\n\nExamples:\n  svom burst sb26022501\n  svom burst sb26022501 --json | jq '.notices[].name'",
    )
    .action(async (id: string, options: Common) => {
      const client = createJsonClient(options.url, { ca: trustedCertificates(options.ca) });
      try {
        const burst = await getBurst(client, id);
        process.stdout.write(
          options.json ? `${JSON.stringify(burst, null, 2)}\n` : `${burstReport(burst, colorsFor())}\n`,
        );
      } finally {
        client.close();
      }
    });
}
