import { type Command, Option } from 'commander';
import { matchesFilter, type NoticeFilter, type NoticeSummary, type SkyRegion } from '@svom/voevent';
import { colorsFor } from '../common/colors.js';
import { DEFAULT_URLS, trustedCertificates } from '../common/environment.js';
import { usageError } from '../common/exit-codes.js';
import { hostPort, numberIn } from '../common/parse-options.js';
import { noticeLine } from '../listen/notice-line.js';
import type { NoticeSource, SourceHandlers } from '../listen/notice-source.js';
import { natsNoticeSource } from '../listen/nats-source.js';
import { parseRegion } from '../listen/region-option.js';
import { sseNoticeSource } from '../listen/sse-source.js';
import { vtpNoticeSource } from '../listen/vtp-source.js';
import { xmppNoticeSource } from '../listen/xmpp-source.js';

interface ListenOptions {
  nats?: string | true;
  natsPrefix?: string;
  sse?: string | true;
  vtp?: { host: string; port: number } | true;
  xmpp?: string | true;
  password?: string;
  xmppService?: string;
  ca?: string;
  json?: boolean;
  type?: string[];
  instrument?: string[];
  minSnr?: number;
  region?: SkyRegion;
}

/** `svom listen`: live notices from NATS, the SSE stream or any VTP broker, one line each. */
export function registerListenCommand(program: Command): void {
  program
    .command('listen')
    .description(
      'Print live notices, one line each (or JSON lines), from NATS, the alerts SSE stream, a VTP broker or XMPP PubSub',
    )
    .addOption(new Option('--nats [url]', `JSON notices from NATS (default ${DEFAULT_URLS.nats})`))
    .option('--nats-prefix <prefix>', 'NATS subject prefix of the FSC (NATS_PREFIX)', process.env.NATS_PREFIX ?? '')
    .addOption(new Option('--sse [url]', `the alerts service's SSE stream (default ${DEFAULT_URLS.alerts}/v1/stream)`))
    .addOption(
      new Option('--vtp [host:port]', `VOEvents from any VTP broker (default ${DEFAULT_URLS.vtp})`).argParser(hostPort),
    )
    .addOption(
      new Option(
        '--xmpp [jid]',
        'JSON notices from the XMPP PubSub node svom.alerts.json (without a JID: an account made on the development server)',
      ),
    )
    .option('--password <password>', 'the --xmpp account password')
    .option('--xmpp-service <uri>', 'the XMPP server for --xmpp (default XMPP_SERVICE, xmpps://127.0.0.1:5223)')
    .option(
      '--ca <file>',
      'PEM certificate to trust for --sse (default: TLS_CERT, else DATA_DIR/tls/localhost.crt) or --xmpp (DATA_DIR/xmpp/tls/xmpp.crt)',
    )
    .option('--json', 'one JSON object a line: the notice as received (XML from VTP as {xml})')
    .option('--type <name...>', 'notice names or prefixes (eclairs, mxt-initial, grm-trigger) or Packet_Type numbers')
    .option('--instrument <name...>', 'instruments (ECLAIRs, GRM, MXT, VT; BAT, GBM from other brokers)')
    .option('--min-snr <snr>', 'only notices with an SNR at least this', numberIn(0, 1e6))
    .option('--region <ra,dec,radius>', 'only notices positioned within radius degrees of (ra, dec)', parseRegion)
    .addHelpText(
      'after',
      `
Without a source, --sse on this machine is used. Each line: trigger time, burst, notice type,
instrument, RA/Dec (deg) ± error radius, SNR. Connection news goes to stderr; the listener
reconnects on its own until Ctrl-C. A notice missing what a filter asks (no SNR, no position)
is left out.

Examples:
  svom listen
  svom listen --nats nats://127.0.0.1:4222 --type eclairs mxt --min-snr 8
  svom listen --vtp 127.0.0.1:8099 --region 204.6,44.6,10
  svom listen --vtp voevent.gcn.nasa.gov:8099 --instrument BAT GBM
  svom listen --xmpp --type mxt
  svom listen --xmpp ada@fsc.example.org --password '...' --xmpp-service xmpps://fsc.example.org:5223
  svom listen --sse https://fsc.example.org:8442/v1/stream --json | jq .id`,
    )
    .action(async (options: ListenOptions) => {
      const chosen = [options.nats, options.sse, options.vtp, options.xmpp].filter((o) => o !== undefined).length;
      if (chosen > 1) throw usageError('choose one source: --nats, --sse, --vtp or --xmpp');
      const filter: NoticeFilter = {
        types: options.type,
        instruments: options.instrument,
        minSnr: options.minSnr,
        region: options.region,
      };
      const c = colorsFor();
      const handlers: SourceHandlers = {
        notice: (summary) => {
          if (!matchesFilter(summary, filter)) return;
          process.stdout.write(`${options.json ? jsonLine(summary) : noticeLine(summary, c)}\n`);
        },
        status: (line) => process.stderr.write(`${colorsFor(process.stderr).dim(line)}\n`),
      };
      const source = await openSource(options, handlers);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await source.close();
    });
}

function openSource(options: ListenOptions, handlers: SourceHandlers): Promise<NoticeSource> {
  if (options.nats !== undefined)
    return natsNoticeSource(
      {
        url: options.nats === true ? (process.env.NATS_URL ?? DEFAULT_URLS.nats) : options.nats,
        prefix: options.natsPrefix,
      },
      handlers,
    );
  if (options.xmpp !== undefined)
    return xmppNoticeSource(
      {
        jid: options.xmpp === true ? undefined : options.xmpp,
        password: options.password,
        service: options.xmppService,
        ca: options.ca,
        prefix: options.natsPrefix,
      },
      handlers,
    );
  if (options.vtp !== undefined)
    return vtpNoticeSource(options.vtp === true ? hostPort(DEFAULT_URLS.vtp) : options.vtp, handlers);
  const url =
    typeof options.sse === 'string' ? options.sse : `${process.env.SVOM_ALERTS_URL ?? DEFAULT_URLS.alerts}/v1/stream`;
  return sseNoticeSource({ url, ca: trustedCertificates(options.ca) }, handlers);
}

/** JSON lines: the notice itself when it is JSON, `{xml}` for a VOEvent from VTP. */
export function jsonLine(summary: NoticeSummary): string {
  return JSON.stringify(typeof summary.notice === 'string' ? { xml: summary.notice } : summary.notice);
}
