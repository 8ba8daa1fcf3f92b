/**
 * VTP, XMPP PubSub or NATS, measured in one run (issue 11): `npm run bench`, or
 * `node --conditions=source --import tsx services/xmpp-gateway/bench/transports.bench.ts [bursts] [notices] [subscribers]`
 * after `npm run build` (the alerts service and the gateway run from dist/ in their own processes).
 *
 * 1. Latency: a POST of an ECLAIRs alert frame to the ingest → its VOEvent at every one of 256
 *    subscribers (p50/p99 of each subscriber's arrival, and of the last one), per transport. The
 *    transports take turns (only one family of 256 subscribers connected at a time, so they do
 *    not share the bench's event loop); the same service processes serve all three.
 * 2. Sustained notices/s to one subscriber: `notices` VOEvents published on the ALERTS stream as
 *    the alerts service does, reaching one subscriber of each transport (all three at once).
 * 3. Bytes on the wire per notice, counted by a TCP relay in front of each transport's subscriber
 *    (XMPP's include its TLS; VTP and NATS are plain TCP here).
 * Each figure is printed with its ratio to the bare TCP fan-out (or bare TCP stream) of the same
 * run. Nothing is asserted: figures depend on the machine.
 */
import { connect as tcpConnect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as natsConnect, type NatsConnection } from '@nats-io/transport-node';
import { subjectsFor } from '@svom/contracts';
import { mintPersonToken } from '@svom/service-kit';
import { settingsWith, startTestInfra } from '@svom/service-kit/testing';
import { buildIngestApp, IngestConfig } from '@svom/vhf-ingest';
import { svomNoticeToVoEvent, writeVoEventXml } from '@svom/voevent';
import { encodeFrame, FrameDecoder, VtpSubscriber } from '@svom/vtp';
import { xml } from '@xmpp/client';
import type { Element } from 'ltx';
import { spawnAlertsService } from '../../alerts/bench/alerts-service.process.js';
import { postBenchAlertFrame } from '../../alerts/bench/bench-alert-frame.js';
import { bareFanout, rawSubscribers } from '../../alerts/bench/vtp-peers.js';
import { mxtNotice, publishNotice, spawnGateway, startTestProsody, type TestProsody } from '../test/helper.js';
import { prosodyAccount } from '../src/prosody/prosody-setup.js';
import { PubSub } from '../src/xmpp/pubsub.js';
import { xmppClient } from '../src/xmpp/xmpp-client.js';

const bursts = Number(process.argv[2] ?? 30);
const notices = Number(process.argv[3] ?? 2000);
const SUBSCRIBERS = Number(process.argv[4] ?? 256);
const secret = 'bench-secret-'.padEnd(40, 'x');
const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const EVENT_NS = 'http://jabber.org/protocol/pubsub#event';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const ivornOf = (text: string) => /ivorn="([^"]+)"/.exec(text.slice(0, 800))?.[1] ?? '';

/** Arrival times of each ivorn at a family of subscribers. */
type Arrivals = Map<string, number[]>;
const note = (arrivals: Arrivals, ivorn: string, at: number) =>
  (arrivals.get(ivorn) ?? arrivals.set(ivorn, []).get(ivorn)!).push(at);

interface Family {
  arrivals: Arrivals;
  close(): Promise<void>;
}

/** `n` NATS connections, each with a core subscription to the VOEvent subjects. */
async function natsSubscribers(prefix: string, n: number, url = NATS_URL): Promise<Family> {
  const arrivals: Arrivals = new Map();
  const connections: NatsConnection[] = [];
  for (let i = 0; i < n; i++) {
    const nc = await natsConnect({ servers: url });
    nc.subscribe(subjectsFor(prefix).alerts.voevents, {
      callback: (_e, m) => void note(arrivals, ivornOf(m.string()), performance.now()),
    });
    await nc.flush();
    connections.push(nc);
  }
  return { arrivals, close: async () => void (await Promise.all(connections.map((nc) => nc.close()))) };
}

/** One VTP subscriber as a user runs it (acks each event, answers iamalive): @svom/vtp's client. */
async function vtpSubscriber(port: number): Promise<Family> {
  const arrivals: Arrivals = new Map();
  const subscriber = new VtpSubscriber({ host: '127.0.0.1', port });
  subscriber.on('voevent', (event) => note(arrivals, event.ivorn, performance.now()));
  const connected = new Promise((resolve) => subscriber.once('connected', resolve));
  subscriber.start();
  await connected;
  return { arrivals, close: () => subscriber.close() };
}

/**
 * `n` XMPP sessions of one account (resources r0…), each subscribed with its full JID to the
 * VOEvent node, as n separate clients would be: Prosody sends each session its own event.
 */
async function xmppSubscribers(prosody: TestProsody, node: string, n: number, service = prosody.service) {
  const arrivals: Arrivals = new Map();
  const clients: Array<ReturnType<typeof xmppClient>> = [];
  const connectOne = async (i: number) => {
    const client = xmppClient({
      service,
      domain: 'localhost',
      username: 'bench',
      password: 'bench-password',
      resource: `r${i}`,
      caFile: prosody.caFile,
      timeoutMs: 60_000,
    });
    client.on('error', () => {});
    client.on('stanza', (stanza: Element) => {
      const at = performance.now();
      const items = stanza.is('message') ? stanza.getChild('event', EVENT_NS)?.getChild('items') : undefined;
      for (const item of items?.getChildren('item') ?? [])
        note(arrivals, String(item.getChildElements()[0]?.attrs['ivorn'] ?? ''), at);
    });
    await client.start();
    await client.send(xml('presence'));
    await new PubSub(client, prosody.pubsub, 60_000).subscribe(node, `bench@localhost/r${i}`);
    clients.push(client);
  };
  // A few at a time: each login is a SCRAM exchange and a TLS handshake.
  for (let i = 0; i < n; i += 16)
    await Promise.all(Array.from({ length: Math.min(16, n - i) }, (_, j) => connectOne(i + j)));
  return {
    arrivals,
    close: async () => {
      for (const c of clients) c.reconnect.stop();
      await Promise.all(clients.map((c) => c.stop().catch(() => undefined)));
    },
  };
}

/** A TCP relay to `port` that counts the bytes it passes towards the client. */
async function countingRelay(port: number): Promise<{ port: number; bytes: () => number; close(): void }> {
  let bytes = 0;
  const server: Server = createServer((client) => {
    const upstream = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
    upstream.on('data', (chunk) => (bytes += chunk.length));
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, bytes: () => bytes, close: () => server.close() };
}

/** Ceiling of the sustained figure: `count` frames of `size` bytes written to one socket as fast as it takes them. */
async function bareStream(count: number, size: number): Promise<number> {
  let peer: Socket | undefined;
  const server = createServer({ noDelay: true }, (s) => (peer = s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = tcpConnect({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
  const decoder = new FrameDecoder({ maxFrameBytes: 1 << 20 });
  let received = 0;
  client.on('data', (chunk) => (received += decoder.push(chunk).length));
  while (!peer) await sleep(5);
  const frame = encodeFrame('x'.repeat(size));
  const start = performance.now();
  for (let i = 0; i < count; i++) peer.write(frame);
  while (received < count) await sleep(1);
  const perS = count / ((performance.now() - start) / 1000);
  client.destroy();
  server.close();
  return perS;
}

async function main() {
  const t = await startTestInfra(['VHF', 'ALERTS']);
  const prosody = await startTestProsody();
  prosodyAccount(prosody.options, 'bench', 'bench-password');
  const alerts = await spawnAlertsService({ jwtSecret: secret, nats: { url: NATS_URL, prefix: t.prefix } });
  const gateway = await spawnGateway(t, prosody);
  const ingest = await buildIngestApp({
    jwtSecret: secret,
    logger: false,
    infra: t.infra,
    settings: settingsWith(IngestConfig, { OUTBOX_RETRY_MS: 500 }),
  });
  await ingest.ready();
  ingest.runtime.start();
  const operator = { authorization: `Bearer ${mintPersonToken(secret, 'bench', ['operator'])}` };
  const station = await ingest.inject({
    method: 'POST',
    url: '/v1/stations',
    headers: operator,
    payload: { id: 'BEN1', name: 'Bench', latitudeDeg: 0, longitudeDeg: 0 },
  });
  const token = station.json().token as string;
  const voeventNode = `${t.prefix}.svom.alerts.voevent`;

  let burstNo = 0;
  /** POSTs one burst's alert frame; resolves once `family` got its VOEvent `n` times. */
  const oneBurst = async (family: Family, n: number) => {
    const { ivorn, start } = await postBenchAlertFrame(ingest, token, ++burstNo);
    const until = performance.now() + 30_000;
    while ((family.arrivals.get(ivorn)?.length ?? 0) < n) {
      if (performance.now() > until)
        throw new Error(`${ivorn}: ${family.arrivals.get(ivorn)?.length ?? 0} of ${n} subscribers in 30 s`);
      await sleep(1);
    }
    return family.arrivals.get(ivorn)!.map((at) => at - start);
  };

  // 1. Latency, 256 subscribers, one transport at a time.
  const latency: Record<string, { each: number[]; last: number[] }> = {};
  const families: Array<[string, () => Promise<Family>]> = [
    [
      'VTP',
      () => rawSubscribers(alerts.ports.subscribers, SUBSCRIBERS).then((s) => ({ ...s, close: async () => s.close() })),
    ],
    ['XMPP', () => xmppSubscribers(prosody, voeventNode, SUBSCRIBERS)],
    ['NATS', () => natsSubscribers(t.prefix, SUBSCRIBERS)],
  ];
  for (const [name, make] of families) {
    const family = await make();
    await sleep(500); // the last subscriptions settle (VTP: the broker counts its peers)
    for (let i = 0; i < 3; i++) await oneBurst(family, SUBSCRIBERS); // warm-up
    const each: number[] = [];
    const last: number[] = [];
    for (let i = 0; i < bursts; i++) {
      const times = await oneBurst(family, SUBSCRIBERS);
      each.push(...times);
      last.push(Math.max(...times));
    }
    latency[name] = { each, last };
    await family.close();
    process.stderr.write(`latency: ${name} done\n`);
  }

  // 2 and 3. One subscriber of each transport behind a counting relay; `notices` VOEvents on the stream.
  const relays = {
    VTP: await countingRelay(alerts.ports.subscribers),
    XMPP: await countingRelay(prosody.options.tlsPort),
    NATS: await countingRelay(Number(new URL(NATS_URL).port || 4222)),
  };
  const single: Record<string, Family> = {
    VTP: await vtpSubscriber(relays.VTP.port),
    XMPP: await xmppSubscribers(prosody, voeventNode, 1, `xmpps://127.0.0.1:${relays.XMPP.port}`),
    NATS: await natsSubscribers(t.prefix, 1, `nats://127.0.0.1:${relays.NATS.port}`),
  };
  await sleep(1000);
  const bytesBefore = Object.fromEntries(Object.entries(relays).map(([k, r]) => [k, r.bytes()]));
  const ivorns: string[] = [];
  // The size of what each transport carries: the VOEvent of these notices (the bare ceilings use it).
  const noticeBytes = Buffer.byteLength(writeVoEventXml(svomNoticeToVoEvent(mxtNotice('sb27000000', 1))));
  const start = performance.now();
  // As the alerts service publishes (JSON and VOEvent forms, headers, Nats-Msg-Id), 256 in flight:
  // the source's own rate is printed, as no transport can beat it.
  let next = 0;
  const publisher = async () => {
    while (next < notices) {
      const i = next++;
      ivorns[i] =
        `ivo://org.svom/fsc#${await publishNotice(t.nc, t.prefix, mxtNotice(`sb27${String(i).padStart(6, '0')}`, 1))}`;
    }
  };
  await Promise.all(Array.from({ length: 256 }, publisher));
  const sourcePerS = notices / ((performance.now() - start) / 1000);
  const sustained: Record<string, { perS: number; got: number; bytes: number }> = {};
  const until = performance.now() + 300_000;
  for (const [name, family] of Object.entries(single)) {
    const got = () => ivorns.filter((ivorn) => family.arrivals.has(ivorn)).length;
    while (got() < notices && performance.now() < until) await sleep(20);
    const lastAt = Math.max(...ivorns.map((ivorn) => family.arrivals.get(ivorn)?.[0] ?? 0));
    sustained[name] = {
      perS: got() / ((lastAt - start) / 1000),
      got: got(),
      bytes: (relays[name as keyof typeof relays].bytes() - bytesBefore[name]!) / notices,
    };
  }
  const fanout = await bareFanout(SUBSCRIBERS, noticeBytes, 100);
  const stream = await bareStream(notices, noticeBytes);

  console.log(
    `\ntransports bench — ${bursts} bursts × ${SUBSCRIBERS} subscribers per transport; ${notices} notices sustained; VOEvent ${noticeBytes} bytes\n`,
  );
  console.log(
    'POST frame → VOEvent at 256 subscribers   p50 each   p99 each   p50 last   p99 last   ratio p50 last to bare TCP fan-out',
  );
  for (const [name, r] of Object.entries(latency))
    console.log(
      `  ${name.padEnd(38)} ${ms(pct(r.each, 50)).padEnd(10)} ${ms(pct(r.each, 99)).padEnd(10)} ${ms(pct(r.last, 50)).padEnd(10)} ${ms(pct(r.last, 99)).padEnd(10)} ${(pct(r.last, 50) / pct(fanout, 50)).toFixed(0)}×`,
    );
  console.log(
    `  bare TCP fan-out of the same bytes to ${SUBSCRIBERS} sockets: p50 ${ms(pct(fanout, 50))}, p99 ${ms(pct(fanout, 99))}`,
  );
  console.log(
    '\nsustained, one subscriber each (all three at once)   notices/s   bytes on the wire per notice   ratio to bare TCP',
  );
  for (const [name, r] of Object.entries(sustained))
    console.log(
      `  ${name.padEnd(50)} ${r.perS.toFixed(0).padStart(9)}   ${r.bytes.toFixed(0).padStart(28)}   ${(r.perS / stream).toFixed(3)}${r.got < notices ? `   (only ${r.got} of ${notices} in 300 s)` : ''}`,
    );
  console.log(`  bare TCP stream of the same frames to one socket: ${stream.toFixed(0)}/s`);
  console.log(`  the source: ${sourcePerS.toFixed(0)} notices/s published on the ALERTS stream (both forms, awaited)`);

  for (const family of Object.values(single)) await family.close();
  for (const relay of Object.values(relays)) relay.close();
  await ingest.close();
  await gateway.kill();
  await alerts.stop();
  await prosody.close();
  await t.close();
}

await main();
