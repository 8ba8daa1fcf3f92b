// How long a station waits for its 200 while NATS is stalled: the server process stopped
// (SIGSTOP), its connection still open, so publishes get no ack until their 2 s timeout; what a
// NATS node busy electing a leader, or a JetStream cluster losing its quorum, looks like to the
// ingest. Requests go at a steady rate (open loop, as stations post) in three phases: NATS well,
// stalled, resumed. Printed: reply latency per phase, the stalled phase as a multiple of the
// healthy one, and whether every packet reached the stream once afterwards.
//
//   node --conditions=source --import tsx services/vhf-ingest/bench/reply-while-nats-stalls.ts
//
// Issue 10: before the reply went at commit, it waited for the JetStream acks, so each request
// of the stalled phase took the publish timeout and more, and the station's 10 s timeout came
// near under load; see AfterCommitWork in src/ingest/runtime.ts.
import { startPrivateNatsServer } from '@svom/service-kit/testing';
import { addStation, count, post, startIngest, streamMessages } from '../test/helper.js';
import { benchTraffic } from './traffic.js';

const PHASE_S = Number(process.env.PHASE_SECONDS ?? 6);
const REQUESTS_PER_S = Number(process.env.REQUESTS_PER_S ?? 10);
const BATCH = 50;

const nats = await startPrivateNatsServer();
const h = await startIngest({ natsUrl: nats.url });
h.app.runtime.start();
try {
  const traffic = benchTraffic({ packets: 3 * PHASE_S * REQUESTS_PER_S * 20, stations: 20, batchSize: BATCH });
  const tokens = new Map<string, string>();
  for (const id of traffic.stations) tokens.set(id, await addStation(h.app, id));

  const latencies: Record<string, number[]> = { healthy: [], stalled: [], resumed: [] };
  const statuses = new Map<number, number>();
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  const postFor = async (phase: string) => {
    const until = Date.now() + PHASE_S * 1000;
    while (Date.now() < until) {
      const batch = traffic.batches[next++ % traffic.batches.length]!;
      const sent = performance.now();
      const p = post(h.app, tokens.get(batch.stationId)!, batch.receptions).then((res) => {
        latencies[phase]!.push(performance.now() - sent);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      await new Promise((r) => setTimeout(r, 1000 / REQUESTS_PER_S));
    }
  };
  await postFor('healthy');
  process.kill(nats.pid()!, 'SIGSTOP');
  await postFor('stalled');
  process.kill(nats.pid()!, 'SIGCONT');
  await postFor('resumed');
  await Promise.all(inFlight);

  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
    return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
  };
  const healthy = stats(latencies.healthy!);
  console.log(
    `${REQUESTS_PER_S} requests/s of ${BATCH} receptions, ${PHASE_S} s per phase; replies: ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  for (const [phase, values] of Object.entries(latencies)) {
    const s = stats(values);
    console.log(
      `${phase.padEnd(8)} n=${s.n} p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms  (p99 ${(s.p99 / healthy.p99).toFixed(1)}x healthy)`,
    );
  }
  const started = Date.now();
  while ((await count(h.database, 'vhf.outbox')) > 0 && Date.now() - started < 30_000)
    await new Promise((r) => setTimeout(r, 200));
  const packets = await count(h.database, 'vhf.packets');
  const messages = await streamMessages(h.jsm, h.prefix);
  const keys = new Set(messages.map((m) => m.data.key));
  console.log(
    `afterwards: ${packets} packets stored, ${messages.length} messages on the stream (${keys.size} distinct), ${await count(h.database, 'vhf.outbox')} outbox rows left`,
  );
} finally {
  await h.close();
  await nats.close();
}
