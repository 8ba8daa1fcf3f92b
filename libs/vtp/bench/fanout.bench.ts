/**
 * Fan-out benchmark of VtpBroker: N subscribers (default 256, in a child process) ack every
 * event; the broker publishes at a fixed rate. Two latencies: delivery (publish → the
 * subscriber's 'voevent', measured in the child from the publish time carried in the ivorn)
 * and ack round trip (publish → the ack handled by the broker, an upper bound).
 *
 * On a 2-core box the subscribers' process competes with the broker for the CPU; real
 * subscribers run elsewhere, so brokerCpuMs per frame is the figure that carries over.
 *
 *   npx tsx libs/vtp/bench/fanout.bench.ts [subscribers=256] [eventsPerSecond=2000] [seconds=5]
 *
 * Prints one JSON line: achieved rate, latencies, CPU of each side, acks expected and received.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { VtpBroker } from '../src/index.js';

const [subscribers = 256, eventsPerSecond = 2000, seconds = 5] = process.argv.slice(2).map(Number);
const payloadPad = 'x'.repeat(2000); // real FSC notices are 2-5 kB

function event(seq: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0" role="test" version="2.0" ivorn="ivo://bench/fsc#${seq}@${performance.timeOrigin + performance.now()}"><Who><Description>${payloadPad}</Description></Who></voe:VOEvent>`;
}

// All subscribers are 127.0.0.1 here: past the default cap per address, which is for strangers.
const broker = new VtpBroker({
  host: '127.0.0.1',
  port: 0,
  highWaterMarkBytes: 8 * 1024 * 1024,
  maxConnectionsPerAddress: 4096,
  maxConnections: 4096,
});
const port = await broker.listen();
const publishedAt: number[] = [];
const latenciesMs: number[] = [];
broker.on('ack', (_s, ivorn) => {
  const seq = Number(ivorn.slice(ivorn.lastIndexOf('#') + 1, ivorn.lastIndexOf('@')));
  latenciesMs.push(performance.now() - (publishedAt[seq] as number));
});

const child = fork(
  fileURLToPath(new URL('./fanout-subscribers.worker.ts', import.meta.url)),
  [String(port), String(subscribers)],
  {
    execArgv: ['--import', 'tsx', ...(process.env['VTP_BENCH_CHILD_ARGS'] ?? '').split(' ').filter(Boolean)],
  },
);
await once(child, 'message');
while (broker.stats().subscribers < subscribers) await once(broker, 'subscriberConnected');

const cpuBefore = process.cpuUsage();
const total = eventsPerSecond * seconds;
const batch = Math.max(1, Math.round(eventsPerSecond / 100)); // publish every 10 ms
const start = performance.now();
for (let seq = 0; seq < total; ) {
  for (let i = 0; i < batch && seq < total; i++, seq++) {
    publishedAt[seq] = performance.now();
    broker.publish(event(seq));
  }
  const due = start + (seq / eventsPerSecond) * 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
}
const publishSeconds = (performance.now() - start) / 1000;
const expected = total * subscribers;
const deadline = performance.now() + 30_000;
while (latenciesMs.length < expected && performance.now() < deadline && broker.stats().subscribers === subscribers) {
  await new Promise((r) => setTimeout(r, 20));
}
latenciesMs.sort((a, b) => a - b);
const pct = (p: number): number =>
  Number((latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))] ?? NaN).toFixed(2));
const cpu = process.cpuUsage(cpuBefore);
child.send({ stop: true });
const [childReport] = (await once(child, 'message')) as [{ cpuMs: number } & Record<string, number>];
console.log(
  JSON.stringify({
    brokerCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    subscribersCpuMs: childReport.cpuMs,
    brokerCpuUsPerFrame: Number(((cpu.user + cpu.system) / expected).toFixed(2)),
    subscribers,
    targetEventsPerSecond: eventsPerSecond,
    achievedEventsPerSecond: Math.round(total / publishSeconds),
    framesPerSecond: Math.round(expected / publishSeconds),
    acksExpected: expected,
    acksReceived: latenciesMs.length,
    delivered: childReport['delivered'],
    deliveryP50Ms: childReport['deliveryP50Ms'],
    deliveryP99Ms: childReport['deliveryP99Ms'],
    deliveryMaxMs: childReport['deliveryMaxMs'],
    ackRoundTripP50Ms: pct(0.5),
    ackRoundTripP99Ms: pct(0.99),
    stats: broker.stats(),
  }),
);
await once(child, 'exit');
await broker.close();
