/**
 * Notify benchmark: `node --conditions=source --import tsx services/notify/bench/notify.bench.ts [subscriptions] [notices]`.
 * Needs the machine's PostgreSQL and NATS.
 *
 * One burst's notices (slewing, MXT initial, MXT updates) to N `json` webhook subscriptions on a
 * local HTTP server: the time from each notice on the stream to its deliveries (p50/p99 of every
 * delivery, and of the last delivery of each notice), and the deliveries per second sustained.
 * Beside it, the ceiling of the same run: bare signed POSTs from this process to the same server
 * with the same concurrency. Times are never asserted.
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ensureStreams, streamName } from '@svom/contracts';
import { connectTestNats, publishAlertNotice } from '@svom/contracts/testing';
import { createTestDatabase } from '@svom/db/testing';
import { summaryFromJson, svomNoticeToJson, type SvomNotice } from '@svom/voevent';
import type { Kysely } from 'kysely';
import { buildNotifyApp } from '../src/app.js';
import type { NotifyTables } from '../src/db/tables.js';
import { signature } from '../src/delivery/webhook.sender.js';
import type { NotifySettings } from '../src/runtime.js';
import { insertSubscription, newSubscriptionId } from '../src/db/subscription.repository.js';

const subscriptions = Number(process.argv[2] ?? 1000);
const noticeCount = Number(process.argv[3] ?? 5);
const concurrency = 32;
const secret = 'bench-webhook-secret-0123456789';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

// The receiver: answers 200 and notes when each (notice, subscription) arrived.
const arrivals = new Map<string, number[]>();
let posts = 0;
/** (subscription, notice) pairs seen: a repeat would leave fewer pairs than posts. */
const pairs = new Set<string>();
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    const at = performance.now();
    posts++;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const key =
      body.subscriptionId === 'bare' ? 'bare' : `${summaryFromJson(body.notice).type}:${body.notice.record_number}`;
    (arrivals.get(key) ?? arrivals.set(key, []).get(key)!).push(at);
    pairs.add(`${request.url} ${key}`);
    response.writeHead(200).end();
  });
});
server.keepAliveTimeout = 5000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;

// Ceiling: bare signed POSTs of a notice-sized body, `concurrency` at a time.
async function bareDeliveries(n: number, body: string): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const response = await fetch(`http://127.0.0.1:${port}/bare`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-svom-signature': signature(body, secret) },
          body,
        });
        await response.arrayBuffer();
      }
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

const t0 = '2026-01-15T20:58:12.340Z';
const position = { raDeg: 97.1, decDeg: 40.2, errorRadiusDeg: 0.0056 };
function burstNotices(burstId: string): SvomNotice[] {
  const slewing = {
    name: 'slewing',
    packetType: 204,
    burstId,
    serialNumber: 1,
    dateIssued: '2026-01-15T20:58:12Z',
    t0,
    position: { ...position, errorRadiusDeg: 0.1 },
    snr: 9.1,
    timescaleS: 20.48,
    energyBandKev: [4, 120],
    triggerType: 'IMT',
    slewStatus: 'accepted',
  } as SvomNotice;
  const mxt = (serialNumber: number) =>
    ({
      name: serialNumber === 1 ? 'mxt-initial_qf3' : 'mxt-update_qf3',
      packetType: serialNumber === 1 ? 209 : 210,
      burstId,
      serialNumber,
      dateIssued: '2026-01-15T20:59:12Z',
      t0,
      position,
      snr: 12.3,
      meanFlux: 0.4,
      fluxError: 0.1,
      withinEclairsR90: true,
      eclairsAngleArcmin: 4.2,
      useVtAttitude: false,
    }) as SvomNotice;
  return [slewing, ...Array.from({ length: noticeCount - 1 }, (_x, i) => mxt(i + 1))];
}

const database = await createTestDatabase();
const { nc, prefix } = await connectTestNats();
const jsm = await jetstreamManager(nc);
await ensureStreams(jsm, { prefix }, ['ALERTS', 'VHF']);
const settings: NotifySettings = {
  PUBLIC_URL: 'https://notify.bench',
  SMTP_URL: undefined,
  MAIL_DIR: undefined,
  DATA_DIR: './data',
  MAIL_FROM: 'bench <bench@fsc.test>',
  WEBHOOK_TIMEOUT_MS: 10_000,
  RETRY_BASE_MS: 1000,
  RETRY_MAX_DELAY_MS: 60_000,
  RETRY_FOR_S: 86_400,
  COLLAPSE_S: 60,
  DELIVERY_POLL_MS: 200,
  DELIVERY_CONCURRENCY: concurrency,
  WINDOW_SPAN_H: 24,
  CONSUMER_ACK_WAIT_S: 30,
  CONSUMER_MAX_DELIVER: 5,
  CONSUMER_BACKOFF_MS: 500,
  CONSUMER_BACKOFF_MAX_MS: 5000,
  ALARM_POLL_MS: 3_600_000,
  ALARM_LAG_S: 60,
  ALARM_NOT_READY_S: 60,
  ALARM_OUTBOX_S: 60,
  WATCH_READY_URLS: '',
  // The receiver is on 127.0.0.1.
  WEBHOOK_ALLOW_PRIVATE: true,
  WEBHOOK_ALLOWED_CIDRS: '',
  WEBHOOK_HTTPS_ONLY: false,
};
const app = await buildNotifyApp({
  jwtSecret: 'bench-secret-'.padEnd(40, 'x'),
  logger: false,
  infra: { database, nats: { nc, js: jetstream(nc), jsm, prefix } },
  settings,
});
try {
  await app.ready();
  const db = app.db as Kysely<NotifyTables>;
  for (let i = 0; i < subscriptions; i++)
    await insertSubscription(db, {
      id: newSubscriptionId(),
      owner: `robot-${i}`,
      ownerIsOperator: false,
      name: `robotic telescope ${i}`,
      filter: { includeTest: false, includeRetractions: true },
      site: null,
      channel: { type: 'webhook', url: `http://127.0.0.1:${port}/robot/${i}`, format: 'json' },
      webhookSecret: secret,
      ownerEmail: null,
      status: 'active',
    });
  await app.runtime.start();

  const notices = burstNotices('sb26011599');
  const sample = JSON.stringify({
    subscriptionId: 'bare',
    notice: svomNoticeToJson(notices[1]!),
    visibility: null,
    test: false,
  });
  const warm = await bareDeliveries(500, sample);
  const ceiling = await bareDeliveries(5000, sample);
  arrivals.delete('bare');
  pairs.clear();
  posts = 0;
  console.log(
    `ceiling: bare signed POSTs to the same server, ${concurrency} at a time: ${ceiling.toFixed(0)}/s (warm-up ${warm.toFixed(0)}/s)`,
  );

  // The burst: its notices published one after another, as alerts does.
  const published = new Map<string, number>();
  const started = performance.now();
  for (const notice of notices) {
    published.set(`${notice.name}:${notice.serialNumber}`, performance.now());
    await publishAlertNotice(nc, prefix, notice);
  }
  const expected = subscriptions * notices.length;
  const deadline = Date.now() + 600_000;
  while (posts < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const finished = performance.now();

  const all: number[] = [];
  const lasts: number[] = [];
  for (const [key, at] of published) {
    const got = arrivals.get(key) ?? [];
    for (const a of got) all.push(a - at);
    lasts.push(Math.max(...got) - at);
  }
  const rate = posts / ((finished - started) / 1000);
  console.log(
    `${notices.length} notices × ${subscriptions} json webhooks: ${posts}/${expected} delivered in ${ms(finished - started)}`,
  );
  console.log(`stream → a delivery:       p50 ${ms(pct(all, 50))}, p99 ${ms(pct(all, 99))}`);
  console.log(`stream → a notice's last:  p50 ${ms(pct(lasts, 50))}, p99 ${ms(pct(lasts, 99))}`);
  console.log(
    `deliveries/s sustained:    ${rate.toFixed(0)} (${((rate / ceiling) * 100).toFixed(0)} % of the bare POST ceiling)`,
  );
  if (posts !== expected || pairs.size !== expected) {
    console.error(`MISSING OR REPEATED deliveries: ${posts} posts, ${pairs.size} distinct of ${expected}`);
    process.exitCode = 1;
  }
} finally {
  await app.close();
  await jsm.streams.delete(streamName('ALERTS', prefix)).catch(() => false);
  await jsm.streams.delete(streamName('VHF', prefix)).catch(() => false);
  await nc.drain();
  await database.close();
  server.close();
}
