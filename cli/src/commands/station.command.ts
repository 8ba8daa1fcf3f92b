import type { Command } from 'commander';
import { colorsFor } from '../common/colors.js';
import { DEFAULT_URLS, jwtAlgorithm, jwtSecret, trustedCertificates } from '../common/environment.js';
import { CliError, EXIT } from '../common/exit-codes.js';
import { createJsonClient, type JsonClient } from '../common/https-client.js';
import { httpsUrl, numberIn } from '../common/parse-options.js';
import { listStations, operatorToken, registerStation, rotateStationToken } from '../station/station-api.js';
import { stationTable } from '../station/station-table.js';

interface Common {
  url: string;
  ca?: string;
  token?: string;
  json?: boolean;
}

/** `svom station add|list|rotate`: VHF stations through the ingest REST API. */
export function registerStationCommand(program: Command): void {
  const station = program.command('station').description('VHF stations: register, list their health, rotate tokens');
  const common = (command: Command) =>
    command
      .option('--url <url>', 'the ingest service', httpsUrl, process.env.SVOM_INGEST_URL ?? DEFAULT_URLS.ingest)
      .option('--ca <file>', 'PEM certificate to trust (default: TLS_CERT, else DATA_DIR/tls/localhost.crt)')
      .option('--json', 'print JSON instead of text');

  common(
    station
      .command('add')
      .description('Register a station and print its token (shown once: only its hash is stored)')
      .argument('<id>', 'short station id, letters, digits, _ and - (e.g. NCL1)')
      .requiredOption('--name <name>', 'station name')
      .requiredOption('--lat <deg>', 'latitude, degrees north', numberIn(-90, 90))
      .requiredOption('--lon <deg>', 'longitude, degrees east', numberIn(-180, 180))
      .option('--token <jwt>', 'operator JWT (default: one minted with the local signing key)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  svom station add NCL1 --name "Nouméa" --lat -22.27 --lon 166.45
  svom station add KOU1 --name Kourou --lat 5.16 --lon -52.65 --json > kou1.json
  svom station add TAH1 --name Tahiti --lat -17.65 --lon -149.43 --url https://fsc.example.org:8441 --token "$OPERATOR_JWT"

Exit 1 when the id is taken (rotate its token instead: svom station rotate <id>).`,
    )
    .action(async (id: string, options: Common & { name: string; lat: number; lon: number }) => {
      await withClient(options, async (client, token) => {
        const created = await registerStation(client, token, {
          id,
          name: options.name,
          latitudeDeg: options.lat,
          longitudeDeg: options.lon,
        });
        if (!created)
          throw new CliError(
            `station ${id} is already registered (svom station rotate ${id} gives it a new token)`,
            EXIT.INVALID,
          );
        printCredentials(created, options.json, 'registered');
      });
    });

  common(
    station
      .command('rotate')
      .description('Give a station a new token; the old one stops working at once')
      .argument('<id>', 'station id')
      .option('--token <jwt>', 'operator JWT'),
  )
    .addHelpText('after', '\nExamples:\n  svom station rotate NCL1\n  svom station rotate NCL1 --json | jq -r .token')
    .action(async (id: string, options: Common) => {
      await withClient(options, async (client, token) =>
        printCredentials(await rotateStationToken(client, token, id), options.json, 'new token for'),
      );
    });

  common(
    station
      .command('list')
      .description('Every station with its health (last heard, receptions, duplicates, rejections, latency, RSSI)'),
  )
    .addHelpText(
      'after',
      '\nFigures are over the last hour (--json gives the last day too).\n\nExamples:\n  svom station list\n  svom station list --json | jq \'.[] | select(.status == "silent") | .stationId\'',
    )
    .action(async (options: Common) => {
      await withClient(options, async (client) => {
        const stations = await listStations(client);
        process.stdout.write(
          options.json ? `${JSON.stringify(stations, null, 2)}\n` : `${stationTable(stations, colorsFor())}\n`,
        );
      });
    });
}

async function withClient(options: Common, run: (client: JsonClient, token: string) => Promise<void>): Promise<void> {
  const client = createJsonClient(options.url, { ca: trustedCertificates(options.ca) });
  try {
    // Minted only when needed: `list` is public and must not create a dev key as a side effect.
    await run(client, options.token ?? (run.length > 1 ? operatorToken(jwtSecret(), jwtAlgorithm()) : ''));
  } finally {
    client.close();
  }
}

function printCredentials(
  credentials: { stationId: string; token: string },
  json: boolean | undefined,
  verb: string,
): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ stationId: credentials.stationId, token: credentials.token })}\n`);
    return;
  }
  const c = colorsFor();
  process.stderr.write(`${verb} ${c.bold(credentials.stationId)}; its token, shown this once:\n`);
  process.stdout.write(`${credentials.token}\n`);
}
