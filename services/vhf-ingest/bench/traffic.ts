import {
  createRng,
  generateBurst,
  generatePlatformRecurrent,
  relayFrames,
  SequenceCounters,
  type Reception,
} from '@svom/vhf-sim';

/**
 * Relayed traffic for the benchmark: `packets` unique packets (platform packets at a high rate,
 * with a burst's message sequence every few hundred), each received by ~3 of `stations`
 * stations, grouped into per-station batches as stations post them.
 */
export function benchTraffic(options: { packets: number; stations: number; batchSize: number; seed?: number }) {
  const rng = createRng(options.seed ?? 42);
  const counters = new SequenceCounters();
  const stations = Array.from({ length: options.stations }, (_, i) => `B${String(i).padStart(3, '0')}`);
  const start = Date.UTC(2026, 10, 24);
  const frames = generatePlatformRecurrent({
    rng,
    counters,
    fromUnixMs: start,
    toUnixMs: start + options.packets * 50,
    periodMs: 50,
  });
  for (let t = start; frames.length < options.packets * 1.1; t += 600_000)
    frames.push(...generateBurst({ rng, counters, t0UnixMs: t + 7_000 }).frames);
  const { receptions } = relayFrames(frames.slice(0, options.packets), {
    rng,
    stations,
    meanCopies: 3,
    damageProbability: 0.02,
  });
  // Stations post what they received as it comes: in reception time order, a batch when a
  // station has gathered `batchSize` receptions, so copies of a packet arrive seconds apart.
  receptions.sort((x, y) => (x.receivedAt < y.receivedAt ? -1 : x.receivedAt > y.receivedAt ? 1 : 0));
  const pending = new Map<string, Reception[]>();
  const batches: Array<{ stationId: string; receptions: Reception[] }> = [];
  for (const r of receptions) {
    let list = pending.get(r.stationId);
    if (!list) pending.set(r.stationId, (list = []));
    list.push(r);
    if (list.length === options.batchSize) {
      batches.push({ stationId: r.stationId, receptions: list });
      pending.set(r.stationId, []);
    }
  }
  for (const [stationId, list] of pending) if (list.length) batches.push({ stationId, receptions: list });
  return { stations, batches, receptions: receptions.length, packets: options.packets };
}
