import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { natsAuthFromEnv, readNatsCredentials } from '@svom/service-kit/nats-auth';
import {
  matchesFilter,
  type NoticeFilter,
  type NoticeSummary,
  parseForXPath,
  type SkyRegion,
  XPathFilter,
} from '@svom/voevent';
import { colorsFor } from '../common/colors.js';
import { DEFAULT_URLS, trustedCertificates } from '../common/environment.js';
import { usageError } from '../common/exit-codes.js';
import { hostPort, integerIn, numberIn } from '../common/parse-options.js';
import { NoticeCommandRunner, saveNotice } from '../listen/notice-actions.js';
import { noticeLine } from '../listen/notice-line.js';
import type { NoticeSource, SourceHandlers } from '../listen/notice-source.js';
import { parseSince } from '../listen/nats-replay-source.js';
import { parseRegion } from '../listen/region-option.js';

interface ListenOptions {
  nats?: string | true;
  since?: Date;
  fromSeq?: number;
  credentials?: string;
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
  xpath?: string;
  exec?: string;
  saveDir?: string;
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
      '--since <time>',
      'with --nats: replay the notices since an ISO time or a duration back (30m, 1h, 2d), then go on live',
      sinceOption,
    )
    .option(
      '--from-seq <n>',
      'with --nats: replay from this NOTICES stream sequence, then go on live',
      integerIn(1, 2 ** 53),
    )
    .option('--credentials <file>', 'with --nats: NATS credentials file from `svom subscriber add` (NATS_CREDENTIALS)')
    .option(
      '--ca <file>',
      'PEM certificate to trust for --sse (default: TLS_CERT, else DATA_DIR/tls/localhost.crt), --nats (NATS_CA) or --xmpp (DATA_DIR/xmpp/tls/xmpp.crt)',
    )
    .option('--json', 'one JSON object a line: the notice as received (XML from VTP as {xml})')
    .option('--type <name...>', 'notice names or prefixes (eclairs, mxt-initial, grm-trigger) or Packet_Type numbers')
    .option('--instrument <name...>', 'instruments (ECLAIRs, GRM, MXT, VT; BAT, GBM from other brokers)')
    .option('--min-snr <snr>', 'only notices with an SNR at least this', numberIn(0, 1e6))
    .option('--region <ra,dec,radius>', 'only notices positioned within radius degrees of (ra, dec)', parseRegion)
    .option(
      '--xpath <expr>',
      'only VOEvents for which this XPath 1.0 expression is true (the root is voe:VOEvent), as Comet --filter',
    )
    .option('--exec <command>', 'run a shell command per notice, the notice on its stdin (SVOM_NOTICE_* in its env)')
    .option('--save-dir <dir>', 'write each notice to a file of its own in this folder (named by its IVORN)')
    .addHelpText(
      'after',
      `
Without a source, --sse on this machine is used. --nats alone is live only; with --since or
--from-seq it replays the NOTICES stream (kept 30 days by default) through an ordered consumer
and resumes after a disconnect with nothing skipped or shown twice (docs/subscribe.md). Each
line: trigger time, burst, notice type, instrument, RA/Dec (deg) ± error radius, SNR. Connection news goes to stderr; the listener
reconnects on its own until Ctrl-C. A notice missing what a filter asks (no SNR, no position)
is left out. --xpath reads VOEvent XML, so it goes with --vtp. --exec runs one command at a
time, in arrival order; a command that fails is reported on stderr and listening goes on (SVOM_NOTICE_IVORN, _TYPE, _BURST_ID, _TIME,
_INSTRUMENT, _RA_DEG, _DEC_DEG, _ERROR_DEG and _FORMAT, xml or json, describe the notice).

Examples:
  svom listen
  svom listen --nats nats://127.0.0.1:4222 --type eclairs mxt --min-snr 8
  svom listen --nats tls://fsc.example.org:4222 --credentials me.creds --ca fsc-nats.crt --since 1h
  svom listen --vtp 127.0.0.1:8099 --region 204.6,44.6,10
  svom listen --vtp voevent.gcn.nasa.gov:8099 --instrument BAT GBM
  svom listen --xmpp --type mxt
  svom listen --xmpp ada@fsc.example.org --password '...' --xmpp-service xmpps://fsc.example.org:5223
  svom listen --sse https://fsc.example.org:8442/v1/stream --json | jq .id
  svom listen --vtp 127.0.0.1:8099 --xpath '//Param[@name="Packet_Type" and @value="202"]'
  svom listen --nats --type mxt --exec './point-telescope.sh' --save-dir notices/`,
    )
    .action(async (options: ListenOptions) => {
      const chosen = [options.nats, options.sse, options.vtp, options.xmpp].filter((o) => o !== undefined).length;
      if (chosen > 1) throw usageError('choose one source: --nats, --sse, --vtp or --xmpp');
      if ((options.since || options.fromSeq) && options.nats === undefined)
        throw usageError('--since and --from-seq replay NATS: add --nats');
      if (options.since && options.fromSeq) throw usageError('choose one start: --since or --from-seq');
      if (options.xpath !== undefined && options.vtp === undefined)
        throw usageError('--xpath reads VOEvent XML: use it with --vtp');
      let xpath: XPathFilter | undefined;
      try {
        xpath = options.xpath === undefined ? undefined : new XPathFilter(options.xpath);
      } catch (error) {
        throw usageError(`--xpath: ${(error as Error).message}`);
      }
      const status = (line: string) => process.stderr.write(`${colorsFor(process.stderr).dim(line)}\n`);
      const runner = options.exec === undefined ? undefined : new NoticeCommandRunner(options.exec, status);
      const filter: NoticeFilter = {
        types: options.type,
        instruments: options.instrument,
        minSnr: options.minSnr,
        region: options.region,
      };
      const c = colorsFor();
      const handlers: SourceHandlers = {
        notice: (summary) => {
          if (!matchesFilter(summary, filter) || (xpath && !passesXPath(xpath, summary))) return;
          process.stdout.write(`${options.json ? jsonLine(summary) : noticeLine(summary, c)}\n`);
          if (options.saveDir !== undefined) {
            try {
              saveNotice(options.saveDir, summary);
            } catch (error) {
              status(`--save-dir: ${(error as Error).message}`);
            }
          }
          runner?.enqueue(summary);
        },
        status,
      };
      const source = await openSource(options, handlers);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await source.close();
      await runner?.idle();
      xpath?.dispose();
    });
}

/** Whether a notice's VOEvent XML passes the XPath filter; JSON notices and unreadable XML do not. */
function passesXPath(xpath: XPathFilter, summary: NoticeSummary): boolean {
  if (typeof summary.notice !== 'string') return false;
  let doc: ReturnType<typeof parseForXPath> | undefined;
  try {
    doc = parseForXPath(summary.notice);
    return xpath.matches(doc);
  } catch {
    return false;
  } finally {
    doc?.dispose();
  }
}

// Each source is loaded when chosen: the XMPP client and the NATS client are heavy, and a
// command should start as fast as its own work allows.
async function openSource(options: ListenOptions, handlers: SourceHandlers): Promise<NoticeSource> {
  if (options.nats !== undefined) {
    const env = { ...process.env, ...(options.credentials ? { NATS_CREDENTIALS: options.credentials } : {}) };
    const auth = natsAuthFromEnv({ ...env, ...(options.ca ? { NATS_CA: options.ca } : {}) });
    const fileUrl = env.NATS_CREDENTIALS
      ? readNatsCredentials(readFileSync(env.NATS_CREDENTIALS, 'utf8')).url
      : undefined;
    const url = options.nats === true ? (fileUrl ?? process.env.NATS_URL ?? DEFAULT_URLS.nats) : options.nats;
    const common = { url, prefix: options.natsPrefix, auth };
    const start = options.since ? { time: options.since } : options.fromSeq ? { sequence: options.fromSeq } : undefined;
    if (start) {
      const { natsReplaySource } = await import('../listen/nats-replay-source.js');
      return natsReplaySource({ ...common, start }, handlers);
    }
    const { natsNoticeSource } = await import('../listen/nats-source.js');
    return natsNoticeSource(common, handlers);
  }
  if (options.vtp !== undefined) {
    const { vtpNoticeSource } = await import('../listen/vtp-source.js');
    return vtpNoticeSource(
      options.vtp === true ? hostPort(process.env.SVOM_VTP || DEFAULT_URLS.vtp) : options.vtp,
      handlers,
    );
  }
  if (options.xmpp !== undefined) {
    const { xmppNoticeSource } = await import('../listen/xmpp-source.js');
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
  }
  const { sseNoticeSource } = await import('../listen/sse-source.js');
  const url =
    typeof options.sse === 'string' ? options.sse : `${process.env.SVOM_ALERTS_URL ?? DEFAULT_URLS.alerts}/v1/stream`;
  return sseNoticeSource({ url, ca: trustedCertificates(options.ca) }, handlers);
}

/** JSON lines: the notice itself when it is JSON, `{xml}` for a VOEvent from VTP. */
export function jsonLine(summary: NoticeSummary): string {
  return JSON.stringify(typeof summary.notice === 'string' ? { xml: summary.notice } : summary.notice);
}

function sinceOption(text: string): Date {
  try {
    return parseSince(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
