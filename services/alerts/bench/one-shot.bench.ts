/**
 * One-shot VTP authors (issue 15): `node --conditions=source --import tsx services/alerts/bench/one-shot.bench.ts [events]`.
 * Authors as `comet-sendvo` is: one connection per event (connect, send, wait for the receipt,
 * close), 16 and 64 in flight, each event delivered to a VTP subscriber. Prints VOEvents/s and
 * ack p50/p99 and the CPU each event cost, beside two ceilings measured in the same run and the
 * same way, each server in its own process as the service is: a bare TCP server answering each
 * frame, and the same answering once the service's XSD pool has validated the event (nothing
 * stored or published). Ratios, because the machine's 2 cores are shared and absolute figures
 * move; the ceilings' CPU per event shows how much of the machine the pattern itself takes.
 * The service runs from dist/ in its own process (`turbo run build --filter=@svom/alerts...`);
 * BENCH_PROFILE=<dir> writes its CPU profile there. The event is the issue's 1.9 kB one
 * (testdata/notices/bench/); BENCH_ONE_SHOT_NOTICE=<file> sends another (its IVORN made unique per event).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { validateVoEventXml } from '@svom/voevent';
import { machineCpuMs, processCpuMs, spawnAlertsService } from './alerts-service.process.js';
import { oneShotAuthorLoad, startCeilingServer } from './one-shot-authors.js';
import { rawSubscribers } from './vtp-peers.js';

const total = Number(process.argv[2] ?? process.env.BENCH_ONE_SHOT_EVENTS ?? 4000);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

const real = readFileSync(
  process.env.BENCH_ONE_SHOT_NOTICE ??
    new URL('../../../testdata/notices/bench/grm-trigger-1.9kB.xml', import.meta.url),
  'utf8',
);
const xmlFor = (tag: string) => (i: number) => real.replace(/ivorn="([^"]*)"/, `ivorn="$1-bench-${tag}-${i}"`);

const service = await spawnAlertsService({ jwtSecret: 'bench-secret-'.padEnd(40, 'x') });
const subscriber = await rawSubscribers(service.ports.subscribers, 1);
await sleep(300); // the broker counts the subscriber once its handshake is done

/** Waits until the subscriber has every event of a tag (or 60 s), answers how many it has. */
async function delivered(tag: string, count: number): Promise<number> {
  const mark = `-bench-${tag}-`;
  const until = performance.now() + 60_000;
  let n = 0;
  while (performance.now() < until) {
    n = 0;
    for (const k of subscriber.arrivals.keys()) if (k.includes(mark)) n++;
    if (n >= count) break;
    await sleep(20);
  }
  return n;
}

// Warm-up (JIT, XSD workers, pools), not measured.
await oneShotAuthorLoad(service.ports.authors, xmlFor('w'), 64, 1000);

// The first call compiles the schema: not part of an event's cost.
for (let i = 0; i < 200; i++) validateVoEventXml(real);
const xsdStart = performance.now();
for (let i = 0; i < 2000; i++) validateVoEventXml(real);
const xsdPerS = 2000 / ((performance.now() - xsdStart) / 1000);

/** Runs one case against a port, with what the machine's CPU did meanwhile, per event. */
async function measure(port: number, servicePid: number, tag: string, inFlight: number) {
  const before = { service: processCpuMs(servicePid), bench: process.cpuUsage(), machine: machineCpuMs() };
  const r = await oneShotAuthorLoad(port, xmlFor(tag), inFlight, total);
  const serviceMs = processCpuMs(servicePid) - before.service;
  const benchUsage = process.cpuUsage(before.bench);
  const benchMs = (benchUsage.user + benchUsage.system) / 1000;
  const after = machineCpuMs();
  // Everything else busy meanwhile: PostgreSQL and nats-server, and whatever else runs here.
  const restMs = after.busy - before.machine.busy - serviceMs - benchMs;
  // Share of both cores in use over the run (2 cores: 100 % is the whole machine).
  const busy = (after.busy - before.machine.busy) / (after.total - before.machine.total);
  return { ...r, perEvent: { service: serviceMs / total, bench: benchMs / total, rest: restMs / total }, busy };
}

const cores = availableParallelism();
const line = (m: Awaited<ReturnType<typeof measure>>) =>
  `${m.perS.toFixed(0)}/s, ack p50 ${ms(pct(m.ackMs, 50))} p99 ${ms(pct(m.ackMs, 99))}; CPU per event: server ${m.perEvent.service.toFixed(2)} ms, authors and subscriber ${m.perEvent.bench.toFixed(2)} ms, the rest ${m.perEvent.rest.toFixed(2)} ms; machine ${(m.busy * 100).toFixed(0)} % busy of ${cores} cores`;

console.log(`\nVTP one-shot authors — one connection per event, ${total} events of ${real.length} bytes per case`);
const ceilings = {
  bare: await startCeilingServer('bare'),
  xsd: await startCeilingServer('xsd'),
  receiver: await startCeilingServer('receiver'),
};
// Their XSD workers warmed up.
await oneShotAuthorLoad(ceilings.xsd.port, xmlFor('wx'), 64, 500);
await oneShotAuthorLoad(ceilings.receiver.port, xmlFor('wr'), 64, 500);
for (const inFlight of [16, 64]) {
  const tag = `o${inFlight}`;
  const idle0 = machineCpuMs();
  await sleep(500);
  const idle1 = machineCpuMs();
  const busyBefore = (idle1.busy - idle0.busy) / (idle1.total - idle0.total);
  const fsc = await measure(service.ports.authors, service.pid, tag, inFlight);
  const got = await delivered(tag, total - fsc.naks - fsc.failures);
  const bare = await measure(ceilings.bare.port, ceilings.bare.pid, `b${inFlight}`, inFlight);
  const xsd = await measure(ceilings.xsd.port, ceilings.xsd.pid, `x${inFlight}`, inFlight);
  const receiver = await measure(ceilings.receiver.port, ceilings.receiver.pid, `r${inFlight}`, inFlight);
  console.log(
    `  ${String(inFlight).padStart(2)} in flight, the FSC: ${line(fsc)}` +
      ` (naks ${fsc.naks}, failures ${fsc.failures}, delivered to the subscriber ${got}/${total}; machine ${(busyBefore * 100).toFixed(0)} % busy before)`,
  );
  console.log(`      ceiling, bare TCP connect+frame+ack (ratio ${(fsc.perS / bare.perS).toFixed(2)}): ${line(bare)}`);
  console.log(`      ceiling, the same and XSD validation (ratio ${(fsc.perS / xsd.perS).toFixed(2)}): ${line(xsd)}`);
  console.log(
    `      ceiling, the author port's VtpReceiver and XSD, no store (ratio ${(fsc.perS / receiver.perS).toFixed(2)}): ${line(receiver)}`,
  );
}
console.log(`  XSD validation alone, one thread: ${xsdPerS.toFixed(0)}/s`);
await Promise.all(Object.values(ceilings).map((c) => c.stop()));
console.log(`  outbox left ${await service.outboxLeft()}; issue 15 goal at 64 in flight: ≥ 6,000/s and p99 ≤ 50 ms`);
subscriber.close();
await service.stop();
