import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishAlertNotice } from '@svom/contracts/testing';
import { bearer, eventually, startTestInfra, TEST_JWT_SECRET, type TestInfra } from '@svom/service-kit/testing';
import type { SvomNotice } from '@svom/voevent';
import { sql } from 'kysely';
import { buildNotifyApp, type NotifyApp } from '../src/app.js';
import { signature } from '../src/delivery/webhook.sender.js';
import type { NotifySettings } from '../src/runtime.js';

export { eventually };
export const secret = TEST_JWT_SECRET;
export const operatorAuth = () => bearer('test-operator', ['operator']);
export const scientistAuth = (name = 'test-scientist') => bearer(name, ['scientist']);

/** Settings that make retries, collapsing and the watchdog quick enough for a test. */
export const TEST_SETTINGS: NotifySettings = {
  PUBLIC_URL: 'https://notify.test',
  SMTP_URL: undefined,
  MAIL_DIR: undefined,
  DATA_DIR: './data',
  MAIL_FROM: 'SVOM FSC test <alerts@fsc.test>',
  // Not short: under load a send timing out after the receiver's 200 is sent again (at least once), which
  // the suites would count as a repeat.
  WEBHOOK_TIMEOUT_MS: 5000,
  RETRY_BASE_MS: 100,
  RETRY_MAX_DELAY_MS: 400,
  RETRY_FOR_S: 60,
  COLLAPSE_S: 60,
  DELIVERY_POLL_MS: 50,
  DELIVERY_CONCURRENCY: 16,
  WINDOW_SPAN_H: 24,
  CONSUMER_ACK_WAIT_S: 10,
  CONSUMER_MAX_DELIVER: 3,
  CONSUMER_BACKOFF_MS: 50,
  CONSUMER_BACKOFF_MAX_MS: 200,
  ALARM_POLL_MS: 3_600_000,
  ALARM_LAG_S: 1,
  ALARM_NOT_READY_S: 1,
  ALARM_OUTBOX_S: 1,
  WATCH_READY_URLS: '',
  // The receivers of the tests listen on 127.0.0.1: said here, not left to the development default.
  WEBHOOK_ALLOW_PRIVATE: true,
  WEBHOOK_ALLOWED_CIDRS: '',
  WEBHOOK_HTTPS_ONLY: false,
};

export interface Harness extends TestInfra {
  app: NotifyApp;
  close(): Promise<void>;
}

/** A notify app on a fresh database and its own streams, running, on the real PostgreSQL and NATS. */
export async function startNotify(
  settings: Partial<NotifySettings> = {},
  options: { infra?: TestInfra; skyClock?: () => Date } = {},
): Promise<Harness> {
  const infra = options.infra;
  const t = infra ?? (await startTestInfra(['ALERTS', 'VHF']));
  const app = await buildNotifyApp({
    jwtSecret: secret,
    // NOTIFY_TEST_LOG=warn shows the service's logs when a test needs explaining.
    logger: process.env.NOTIFY_TEST_LOG ? { level: process.env.NOTIFY_TEST_LOG } : false,
    infra: t.infra,
    settings: { ...TEST_SETTINGS, ...settings },
    skyClock: options.skyClock,
  });
  await app.ready();
  await app.runtime.start();
  return {
    ...t,
    app,
    async close() {
      await app.close();
      if (!infra) await t.close();
    },
  };
}

/** Publishes a notice as alerts does: JSON of `svomNoticeToJson`, the FSC headers, Nats-Msg-Id = IVORN(:serial). */
export async function publishNotice(
  t: Pick<TestInfra, 'nc' | 'prefix'>,
  notice: SvomNotice,
): Promise<{ key: string; json: Record<string, unknown> }> {
  const { key, json } = await publishAlertNotice(t.nc, t.prefix, notice);
  return { key, json };
}

export async function count(h: Pick<TestInfra, 'database'>, table: string, where = 'true'): Promise<number> {
  const { rows } = await sql
    .raw<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`)
    .execute(h.database.db);
  return rows[0]!.n;
}

/** One webhook request as the receiver saw it. */
export interface Received {
  path: string;
  body: any;
  raw: string;
  signatureOk: boolean;
  delivery: string | undefined;
  contentType: string | undefined;
}

/**
 * A real HTTP server on 127.0.0.1 (or `host`) that receives webhooks, checks each HMAC with `secretOf(path)`,
 * and answers what `answer` says (200 by default). Only requests it answered 2xx are `accepted`.
 */
export async function startReceiver(
  secretOf: (path: string) => string | undefined,
  answer: (r: Received) => number | Promise<number> = () => 200,
  host = '127.0.0.1',
) {
  const received: Received[] = [];
  const accepted: Received[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const key = secretOf(request.url ?? '');
    const r: Received = {
      path: request.url ?? '',
      raw,
      body: JSON.parse(raw),
      signatureOk: key !== undefined && request.headers['x-svom-signature'] === signature(raw, key),
      delivery: request.headers['x-svom-delivery'] as string | undefined,
      contentType: request.headers['content-type'],
    };
    received.push(r);
    let aborted = false;
    response.on('close', () => {
      if (!response.writableFinished) aborted = true;
    });
    const status = await answer(r);
    if (aborted || request.socket.destroyed) return;
    response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no', () => {
      if (status < 300) accepted.push(r);
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: (path: string) => `http://${host}:${port}${path}`,
    received,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A real SMTP server (Debian's python3-aiosmtpd) storing each mail as a file of a Maildir. */
export async function startSmtpSink() {
  const dir = mkdtempSync(join(tmpdir(), 'notify-smtp-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    '/usr/bin/python3',
    ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'mbox')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await eventually(() => portOpen(port), `aiosmtpd on ${port} (${stderr || 'is python3-aiosmtpd installed?'})`);
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Every mail received, as raw RFC 5322 text, oldest first. */
    mails(): string[] {
      const out: Array<{ at: number; text: string }> = [];
      for (const sub of ['new', 'cur']) {
        const folder = join(dir, 'mbox', sub);
        let names: string[] = [];
        try {
          names = readdirSync(folder);
        } catch {
          continue;
        }
        // Python's Maildir names a message `<seconds>.M<microseconds>P<pid>Q<n>.<host>`: in
        // arrival order by both, not by the seconds alone (two mails of one second).
        for (const name of names) {
          const [, seconds = '0', micros = '0'] = /^(\d+)\.M(\d+)/.exec(name) ?? [];
          out.push({ at: Number(seconds) * 1e6 + Number(micros), text: readFileSync(join(folder, name), 'utf8') });
        }
      }
      return out.sort((a, b) => a.at - b.at).map((m) => m.text);
    },
    async close() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The headers and text body of a raw mail (single part text/plain, as notify sends). */
export function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const [head, ...rest] = raw.replace(/\r\n/g, '\n').split('\n\n');
  const headers = new Map<string, string>();
  for (const line of head!.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers.set(line.slice(0, at).toLowerCase(), decodeWords(line.slice(at + 1).trim()));
  }
  let body = rest.join('\n\n');
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? ''))
    body = body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
  return { headers, body };
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) as text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Runs the notify server as its own process, killable with SIGKILL: the built `dist/server.js`
 * (npm test builds first, as for the CLI tests), which starts in a second where tsx takes half a minute.
 */
export function spawnNotifyServer(env: Record<string, string>): ChildProcess {
  const root = new URL('../../../', import.meta.url).pathname;
  return spawn(process.execPath, ['services/notify/dist/server.js'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
