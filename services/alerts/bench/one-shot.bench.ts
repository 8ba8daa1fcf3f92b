/**
 * One-shot VTP authors (issue 15): `node --conditions=source --import tsx services/alerts/bench/one-shot.bench.ts [events]`.
 * Authors as `comet-sendvo` is: one connection per event (connect, send, wait for the receipt,
 * close), 16 and 64 in flight, each event delivered to a VTP subscriber. Prints VOEvents/s and
 * ack p50/p99 beside ceilings measured in the same run (a bare TCP server answering each frame,
 * XSD validation alone), as ratios: the machine's 2 cores are shared, absolute figures move.
 * The service runs from dist/ in its own process (`turbo run build --filter=@svom/alerts...`);
 * BENCH_PROFILE=<dir> writes its CPU profile there.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { validateVoEventXml } from '@svom/voevent';
import { machineCpuMs, processCpuMs, spawnAlertsService } from './alerts-service.process.js';
import { bareOneShotCeiling, oneShotAuthorLoad } from './one-shot-authors.js';
import { rawSubscribers } from './vtp-peers.js';

const total = Number(process.argv[2] ?? process.env.BENCH_ONE_SHOT_EVENTS ?? 4000);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

const real = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
  'utf8',
);
const xmlFor = (tag: string) => (i: number) =>
  real.replace('sb26022501_mxt-initial_qf1"', `sb26022501_mxt-initial_qf1-${tag}-${i}"`);

const service = await spawnAlertsService({ jwtSecret: 'bench-secret-'.padEnd(40, 'x') });
const subscriber = await rawSubscribers(service.ports.subscribers, 1);
await sleep(300); // the broker counts the subscriber once its handshake is done

/** Waits until the subscriber has every event of a tag (or 60 s), answers how many it has. */
async function delivered(tag: string, count: number): Promise<number> {
  const mark = `qf1-${tag}-`;
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

const xsdStart = performance.now();
for (let i = 0; i < 500; i++) validateVoEventXml(real);
const xsdPerS = 500 / ((performance.now() - xsdStart) / 1000);

console.log(`\nVTP one-shot authors — one connection per event, ${total} events of ${real.length} bytes per case`);
for (const inFlight of [16, 64]) {
  const tag = `o${inFlight}`;
  const idle0 = machineCpuMs();
  await sleep(500);
  const idle1 = machineCpuMs();
  const busyBefore = (idle1.busy - idle0.busy) / (idle1.total - idle0.total);
  const cpu0 = { service: processCpuMs(service.pid), bench: process.cpuUsage(), machine: machineCpuMs() };
  const r = await oneShotAuthorLoad(service.ports.authors, xmlFor(tag), inFlight, total);
  const serviceCpuMs = processCpuMs(service.pid) - cpu0.service;
  const serviceCpu = serviceCpuMs / ((total / r.perS) * 1000);
  const benchCpu = process.cpuUsage(cpu0.bench);
  // Everything else busy meanwhile: PostgreSQL and nats-server, and whatever else runs on the machine.
  const restMs = machineCpuMs().busy - cpu0.machine.busy - serviceCpuMs - (benchCpu.user + benchCpu.system) / 1000;
  const got = await delivered(tag, total - r.naks - r.failures);
  const c = await bareOneShotCeiling(real, inFlight, total);
  console.log(
    `  ${String(inFlight).padStart(2)} in flight: ${r.perS.toFixed(0)} VOEvents/s, ack p50 ${ms(pct(r.ackMs, 50))} p99 ${ms(pct(r.ackMs, 99))}` +
      ` (naks ${r.naks}, failures ${r.failures}, delivered to the subscriber ${got}/${total}; service CPU ${(serviceCpu * 100).toFixed(0)} % of a core, ${(serviceCpuMs / total).toFixed(2)} ms per event, the rest of the machine ${(restMs / total).toFixed(2)} ms per event;` +
      ` machine ${(busyBefore * 100).toFixed(0)} % busy before)`,
  );
  console.log(
    `      ceilings: bare TCP connect+frame+ack ${c.perS.toFixed(0)}/s p50 ${ms(pct(c.ackMs, 50))} p99 ${ms(pct(c.ackMs, 99))} (ratio ${(r.perS / c.perS).toFixed(2)});` +
      ` XSD validation alone, one thread ${xsdPerS.toFixed(0)}/s (ratio ${(r.perS / xsdPerS).toFixed(2)})`,
  );
}
console.log(`  outbox left ${await service.outboxLeft()}; issue 15 goal at 64 in flight: ≥ 6,000/s and p99 ≤ 50 ms`);
subscriber.close();
await service.stop();
