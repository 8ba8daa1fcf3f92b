/**
 * Alerts benchmark: `node --conditions=source --import tsx services/alerts/bench/alerts.bench.ts [bursts] [authors] [eventsPerAuthor]`
 * (or without `--conditions source` after `turbo run build`). Needs the machine's PostgreSQL and NATS.
 *
 * 1. Latency from the POST of an ECLAIRs alert frame to the ingest until its VOEvent is at a NATS
 *    subscriber and at every VTP subscriber, with 1 and with 256 subscribers (p50/p99).
 * 2. VOEvents/s accepted on the author port (8098) and delivered to a subscriber.
 * Each is printed beside a raw ceiling measured in the same run (bare TCP fan-out, bare NATS
 * round trip, JetStream publish, XSD validation), as a ratio. Times are never asserted.
 * The alerts service runs in its own process from dist/ (as in production), so the bench's own
 * load (the ingest, 256 subscribers, the authors) does not share its event loop;
 * BENCH_LAYOUT=in-process runs it inside the bench instead.
 */
import { readFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ensureStreams, streamName, subjectsFor } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase } from '@svom/db/testing';
import { mintPersonToken } from '@svom/service-kit';
import { settingsWith } from '@svom/service-kit/testing';
import { buildIngestApp, IngestConfig } from '@svom/vhf-ingest';
import { validateVoEventXml } from '@svom/voevent';
import { encodeFrame, FrameDecoder } from '@svom/vtp';
import { buildAlertsApp } from '../src/app.js';
import { AlertsConfig } from '../src/config.js';
import { machineCpuMs, processCpuMs, spawnAlertsService } from './alerts-service.process.js';
import { postBenchAlertFrame } from './bench-alert-frame.js';
import { bareFanout, rawSubscribers } from './vtp-peers.js';

const iterations = Number(process.argv[2] ?? 100);
const authors = Number(process.argv[3] ?? 32);
// 32 × 1,000 events (~6 s): a shorter load is partly the service warming up (JIT, pools).
const eventsPerAuthor = Number(process.argv[4] ?? 1000);
const secret = 'bench-secret-'.padEnd(40, 'x');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** `authors` VTP authors each write `perAuthor` events at once; waits until the subscriber has them all. */
async function authorLoad(
  port: number,
  xml: string,
  subscriber: { arrivals: Map<string, number[]>; state: { dropped: number } },
  authorCount: number,
  perAuthor: number,
  tag: string,
) {
  const { arrivals } = subscriber;
  const sockets: Socket[] = [];
  let acks = 0;
  for (let a = 0; a < authorCount; a++) {
    const s = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise((r) => s.once('connect', r));
    const d = new FrameDecoder();
    s.on('data', (c) => (acks += d.push(c).length));
    sockets.push(s);
  }
  // Encoded ahead, so the bench's CPU during the run goes to the sockets.
  const loads = sockets.map((_, a) =>
    Buffer.concat(
      Array.from({ length: perAuthor }, (_, e) =>
        encodeFrame(xml.replace('sb26022501_mxt-initial_qf1"', `sb26022501_mxt-initial_qf1-${tag}${a}-${e}"`)),
      ),
    ),
  );
  const total = authorCount * perAuthor;
  const mark = `qf1-${tag}`;
  const before = arrivals.size; // only this load's ivorns arrive meanwhile: size is the cheap count
  const start = performance.now();
  sockets.forEach((s, a) => s.write(loads[a]!));
  const until = performance.now() + 120_000;
  while (arrivals.size - before < total && performance.now() < until) {
    if (subscriber.state.dropped > 0)
      throw new Error(`the subscriber was dropped by the broker after ${arrivals.size - before} of ${total} events`);
    await sleep(2);
  }
  const seconds = (performance.now() - start) / 1000;
  sockets.forEach((s) => s.destroy());
  let delivered = 0;
  for (const k of arrivals.keys()) if (k.includes(mark)) delivered++;
  return { delivered, total, seconds, acks };
}

/**
 * The alerts service under test, in its own process (on the bench's NATS prefix, so the bench's
 * ingest feeds it) or in the bench's; what the bench needs of it either way.
 */
async function startService(
  layout: 'service-process' | 'in-process',
  shared: { infra: Parameters<typeof buildAlertsApp>[0]['infra']; url: string },
) {
  if (layout === 'service-process') {
    const child = await spawnAlertsService({
      jwtSecret: secret,
      nats: { url: shared.url, prefix: shared.infra!.nats.prefix },
    });
    // Its subscriber count, from its heartbeat (every second).
    let vtpSubscribers = 0;
    const heartbeats = shared.infra!.nats.nc.subscribe(subjectsFor(shared.infra!.nats.prefix).alerts.heartbeat, {
      callback: (_e, m) => void (vtpSubscribers = (m.json() as { vtpSubscribers: number }).vtpSubscribers),
    });
    return {
      layout,
      pid: child.pid,
      ports: child.ports,
      vtpSubscribers: () => vtpSubscribers,
      outboxLeft: () => child.outboxLeft(),
      brokerStats: () => undefined,
      close: async () => {
        heartbeats.unsubscribe();
        await child.stop();
      },
    };
  }
  const alerts = await buildAlertsApp({
    jwtSecret: secret,
    logger: false,
    infra: shared.infra,
    settings: settingsWith(AlertsConfig, {
      VTP_HOST: '127.0.0.1',
      VTP_SUBSCRIBER_PORT: 0,
      VTP_AUTHOR_PORT: 0,
      VTP_IVORN: 'ivo://org.svom/fsc/bench',
      // Every bench peer is 127.0.0.1: the per-address caps and the author rate are for strangers.
      VTP_MAX_SUBSCRIBERS_PER_ADDRESS: 1024,
      VTP_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS: 256,
      VTP_AUTHOR_RATE_PER_S: 0,
      CONSUMER_ACK_WAIT_S: 30,
      CONSUMER_MAX_DELIVER: 5,
      OUTBOX_RETRY_MS: 500,
    }),
  });
  await alerts.ready();
  await alerts.runtime.start();
  const broker = alerts.runtime.vtp.broker;
  return {
    layout,
    pid: process.pid,
    ports: alerts.runtime.vtp.ports,
    vtpSubscribers: () => broker.stats().subscribers,
    outboxLeft: () => alerts.runtime.publisher.pending(),
    brokerStats: () => broker.stats(),
    close: () => alerts.close(),
  };
}

async function main() {
  const database = await createTestDatabase();
  const t = await connectTestNats();
  const jsm = await jetstreamManager(t.nc);
  await ensureStreams(jsm, { prefix: t.prefix }, ['VHF', 'ALERTS']);
  const subjects = subjectsFor(t.prefix);
  const infra = { database, nats: { nc: t.nc, js: jetstream(t.nc, { timeout: 5000 }), jsm, prefix: t.prefix } };
  const ingest = await buildIngestApp({
    jwtSecret: secret,
    logger: false,
    infra,
    settings: settingsWith(IngestConfig, {
      OUTBOX_RETRY_MS: 500,
    }),
  });
  await ingest.ready();
  ingest.runtime.start();
  const service = await startService(process.env.BENCH_LAYOUT === 'in-process' ? 'in-process' : 'service-process', {
    infra,
    url: t.url,
  });
  const ports = service.ports;
  const op = { authorization: `Bearer ${mintPersonToken(secret, 'bench', ['operator'])}` };
  const station = await ingest.inject({
    method: 'POST',
    url: '/v1/stations',
    headers: op,
    payload: { id: 'BEN1', name: 'Bench', latitudeDeg: 0, longitudeDeg: 0 },
  });
  const token = station.json().token as string;

  // NATS subscriber of the VOEvents.
  const natsArrivals = new Map<string, number>();
  let sample = ''; // a notice as published, for the ceilings
  const voeventsSub = t.nc.subscribe(subjects.alerts.voevents, {
    callback: (_e, m) => {
      const xml = m.string();
      natsArrivals.set(/ivorn="([^"]+)"/.exec(xml.slice(0, 600))?.[1] ?? '', performance.now());
      sample ||= xml;
    },
  });

  // Where the time goes: when each burst's packet appears on NATS (the ingest's part ends there).
  const packetArrivals = new Map<number, number>();
  const packetsSub = t.nc.subscribe(subjects.vhf.packets, {
    callback: (_e, m) =>
      void packetArrivals.set(
        (m.json() as { fields: { alertSequenceId: number } }).fields.alertSequenceId,
        performance.now(),
      ),
  });
  const ingestPart: number[] = [];

  let burstNo = 0;
  const oneBurst = async (subs: Awaited<ReturnType<typeof rawSubscribers>>, n: number) => {
    burstNo++;
    const { ivorn, alertSequenceId, start } = await postBenchAlertFrame(ingest, token, burstNo);
    const until = performance.now() + 5000;
    while ((subs.arrivals.get(ivorn)?.length ?? 0) < n || !natsArrivals.has(ivorn)) {
      if (performance.now() > until) throw new Error(`no delivery of ${ivorn}`);
      await new Promise((r) => setImmediate(r));
    }
    const at = subs.arrivals.get(ivorn)!;
    ingestPart.push(packetArrivals.get(alertSequenceId)! - start);
    return { nats: natsArrivals.get(ivorn)! - start, vtpAll: Math.max(...at) - start, vtpMedian: pct(at, 50) - start };
  };

  const results: Record<string, { nats: number[]; vtpAll: number[] }> = {};
  for (const n of [1, 256]) {
    const subs = await rawSubscribers(ports.subscribers, n);
    while (service.vtpSubscribers() < n) await sleep(5);
    for (let i = 0; i < 5; i++) await oneBurst(subs, n); // warm-up
    const nats: number[] = [];
    const vtpAll: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const r = await oneBurst(subs, n);
      nats.push(r.nats);
      vtpAll.push(r.vtpAll);
    }
    results[n] = { nats, vtpAll };
    subs.close();
    while (service.vtpSubscribers() > 0) await sleep(5);
  }

  // Ceilings, same run: bare NATS round trip, JetStream publish, bare TCP fan-out of a notice-sized frame.
  const natsRtt: number[] = [];
  const probe = `${t.prefix}.bench.probe`;
  let got = 0;
  t.nc.subscribe(probe, { callback: () => void got++ });
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    t.nc.publish(probe, sample);
    while (got <= i) await new Promise((r) => setImmediate(r));
    natsRtt.push(performance.now() - start);
  }
  const jsLat: number[] = [];
  const js = jetstream(t.nc);
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    await js.publish(subjects.alerts.voevent('bench'), sample, { msgID: `bench-${i}` });
    jsLat.push(performance.now() - start);
  }
  const fan1 = await bareFanout(1, sample.length, 200);
  const fan256 = await bareFanout(256, sample.length, 100);

  // Throughput through the author port to one subscriber. The latency part's NATS subscribers
  // go first: each would be sent every event (nats-server's work, and the bench's).
  voeventsSub.unsubscribe();
  packetsSub.unsubscribe();
  const real = readFileSync(
    new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
    'utf8',
  );
  const xsdStart = performance.now();
  for (let i = 0; i < 500; i++) validateVoEventXml(real);
  const xsdPerS = 500 / ((performance.now() - xsdStart) / 1000);
  const target = service;
  const sub = await rawSubscribers(target.ports.subscribers, 1);
  while (service.vtpSubscribers() < 1) await sleep(5);
  // Warm-up (JIT, XSD workers, pools) with events of other ivorns, then the measured load.
  const warm = await authorLoad(target.ports.authors, real, sub, 4, 200, 'w');
  // Other work on the machine (a build, a test run) takes the same 2 cores: say so beside the figure.
  const idle0 = machineCpuMs();
  await sleep(1000);
  const idle1 = machineCpuMs();
  const busyBefore = (idle1.busy - idle0.busy) / (idle1.total - idle0.total);
  const cpu0 = { service: processCpuMs(target.pid), bench: process.cpuUsage(), machine: machineCpuMs() };
  const load = await authorLoad(target.ports.authors, real, sub, authors, eventsPerAuthor, 'b');
  const benchCpu = process.cpuUsage(cpu0.bench);
  const machine = machineCpuMs();
  const coreShare = (cpuMs: number) => `${((cpuMs / 1000 / load.seconds) * 100).toFixed(0)} %`;
  const serviceMs = processCpuMs(target.pid) - cpu0.service;
  const benchMs = (benchCpu.user + benchCpu.system) / 1000;
  const busyMs = machine.busy - cpu0.machine.busy;
  const cpuLine =
    service.layout === 'service-process'
      ? `service process ${coreShare(serviceMs)}, bench process (authors + subscriber) ${coreShare(benchMs)}, the rest (PostgreSQL, nats-server, …) ${coreShare(busyMs - serviceMs - benchMs)}`
      : `bench process (service + authors + subscriber) ${coreShare(benchMs)}, the rest (PostgreSQL, nats-server, …) ${coreShare(busyMs - benchMs)}`;
  const outboxLeft = await target.outboxLeft();
  const broker = service.brokerStats();
  sub.close();
  await service.close();
  const { delivered, total, seconds, acks } = load;
  const perS = delivered / seconds;

  // Ceiling: JetStream publishes with a window in flight (what each accepted event costs at least).
  const jsStart = performance.now();
  await Promise.all(
    Array.from({ length: 5000 }, (_, i) =>
      js.publish(subjects.alerts.voevent('bench'), real, { msgID: `bench-w-${i}` }),
    ),
  );
  const jsPerS = 5000 / ((performance.now() - jsStart) / 1000);

  console.log(
    `\nalerts bench — ${iterations} bursts per case, notice ${sample.length} bytes (2 cores, ±30 % run to run)\n`,
  );
  console.log(
    'POST frame → VOEvent            p50        p99        ceiling p50/p99 (what)                          ratio p50',
  );
  for (const n of [1, 256]) {
    const r = results[n]!;
    const fan = n === 1 ? fan1 : fan256;
    console.log(
      `  NATS subscriber (${String(n).padStart(3)} VTP)   ${ms(pct(r.nats, 50)).padEnd(10)} ${ms(pct(r.nats, 99)).padEnd(10)} ${ms(pct(jsLat, 50))} / ${ms(pct(jsLat, 99))} (one JetStream publish)      ${(pct(r.nats, 50) / pct(jsLat, 50)).toFixed(1)}×`,
    );
    console.log(
      `  all ${String(n).padStart(3)} VTP subscribers     ${ms(pct(r.vtpAll, 50)).padEnd(10)} ${ms(pct(r.vtpAll, 99)).padEnd(10)} ${ms(pct(fan, 50))} / ${ms(pct(fan, 99))} (bare TCP fan-out to ${n})   ${(pct(r.vtpAll, 50) / pct(fan, 50)).toFixed(1)}×`,
    );
  }
  console.log(
    `  of which POST → packet on NATS (vhf-ingest): p50 ${ms(pct(ingestPart, 50))}, p99 ${ms(pct(ingestPart, 99))}`,
  );
  console.log(`  (bare NATS core round trip: ${ms(pct(natsRtt, 50))} / ${ms(pct(natsRtt, 99))})`);
  console.log(
    `\nlayout: ${service.layout === 'service-process' ? `alerts service in its own process (services/alerts/dist/server.js, pid ${service.pid}); ingest, subscribers and authors in the bench process` : 'alerts service, ingest, subscribers and authors in one process (BENCH_LAYOUT=in-process)'}`,
  );
  console.log(
    `VTP author port → subscriber: ${delivered}/${total} events from ${authors} authors in ${seconds.toFixed(2)} s = ${perS.toFixed(0)} VOEvents/s (acks ${acks}; warm-up ${warm.delivered}/${warm.total} first)`,
  );
  console.log(`  CPU during the run (100 % = one core of ${cpus().length}): ${cpuLine}`);
  console.log(
    `  machine in the second before the run: ${(busyBefore * 100).toFixed(0)} % busy${busyBefore > 0.1 ? ' — NOT quiet: something else is running, the figure understates the service' : ' (quiet)'}`,
  );
  console.log(
    `  ${broker ? `broker: sent ${broker.sent}, subscribers dropped ${broker.dropped}; ` : ''}outbox left ${outboxLeft}; issue 3 goal ≥ 5,000/s: ${perS >= 5000 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  ceilings: XSD validation alone ${xsdPerS.toFixed(0)}/s (ratio ${(perS / xsdPerS).toFixed(2)}), JetStream windowed publish ${jsPerS.toFixed(0)}/s (ratio ${(perS / jsPerS).toFixed(2)})`,
  );
  console.log('(one-shot authors, one connection per event: bench/one-shot.bench.ts)');

  await ingest.close();
  for (const name of ['VHF', 'ALERTS'] as const)
    await jsm.streams.delete(streamName(name, t.prefix)).catch(() => false);
  await t.nc.drain();
  await database.close();
}

await main();
