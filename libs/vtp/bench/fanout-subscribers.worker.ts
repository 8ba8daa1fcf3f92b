/**
 * Child process of the fan-out benchmark: opens N VtpSubscribers to the broker given in argv,
 * lets them ack, and measures delivery latency from the publish time carried in each ivorn
 * (`ivo://bench/fsc#<seq>@<epoch ms>`). Kept apart from the broker so the two do not share
 * one event loop, as real subscribers would not.
 */
import { VtpSubscriber } from '../src/index.js';

const [portText = '', countText = '256'] = process.argv.slice(2);
const count = Number(countText);
const nowEpochMs = (): number => performance.timeOrigin + performance.now();
const latenciesMs: number[] = [];
const subs: VtpSubscriber[] = [];
let connected = 0;
for (let i = 0; i < count; i++) {
  const sub = new VtpSubscriber({ host: '127.0.0.1', port: Number(portText), localIvorn: `ivo://bench/sub#${i}` });
  sub.on('connected', () => {
    if (++connected === count) process.send?.({ ready: true });
  });
  sub.on('voevent', (e) => {
    latenciesMs.push(nowEpochMs() - Number(e.ivorn.slice(e.ivorn.lastIndexOf('@') + 1)));
  });
  sub.start();
  subs.push(sub);
}

process.on('message', async (msg: { stop?: boolean }) => {
  if (msg.stop !== true) return;
  latenciesMs.sort((a, b) => a - b);
  const pct = (p: number): number =>
    Number((latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))] ?? NaN).toFixed(2));
  const cpu = process.cpuUsage();
  process.send?.({
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    delivered: latenciesMs.length,
    deliveryP50Ms: pct(0.5),
    deliveryP99Ms: pct(0.99),
    deliveryMaxMs: pct(1),
  });
  await Promise.all(subs.map((s) => s.close()));
  process.exit(0);
});
