// Stations posting relayed traffic at a steady rate through faults, remembering every
// reception the ingest acknowledged (HTTP 200), so the fault test can look each one up in
// PostgreSQL afterwards. Built from the simulator's pieces (cli/src/simulate, libs/vhf): the
// satellite's frames, ~3 copies each across stations, posted in per-station batches; a batch
// that got no 200 is posted again later, as a station does.
import { createHash } from 'node:crypto';
import { createRng, relayFrames, type Reception } from '@svom/vhf-sim';
import { createJsonClient, type JsonClient } from '../../cli/src/common/https-client.js';
import { SatelliteTraffic } from '../../cli/src/simulate/satellite-traffic.js';
import { registerOrRotate } from '../../cli/src/station/station-api.js';
import { simulatedStations } from '../../cli/src/simulate/station-sites.js';

/** What identifies a reception in vhf.receptions: station, time (ms), frame bytes. */
export function receptionKey(stationId: string, receivedAtMs: number, frameSha256Hex: string): string {
  return `${stationId}|${receivedAtMs}|${frameSha256Hex}`;
}

function keyOf(r: Reception): string {
  const sha = createHash('sha256').update(Buffer.from(r.frame, 'base64')).digest('hex');
  return receptionKey(r.stationId, Date.parse(r.receivedAt), sha);
}

export interface LoadOptions {
  /** ingest base URLs; stations are spread over them */
  urls: string[];
  ca: string;
  operatorToken: string;
  stations: number;
  ratePerS: number;
  burstsPerMin: number;
  seed: number;
}

export class StationLoad {
  /** every reception answered inside a 200 */
  readonly acked = new Set<string>();
  offered = 0;
  failedBatches = 0;
  #running = false;
  #loop?: Promise<void>;
  #clients: JsonClient[] = [];
  #tokens = new Map<string, { token: string; client: JsonClient }>();
  #retry: Reception[] = [];
  /** receptions offered in each whole second, for the rate figures */
  readonly perSecond = new Map<number, number>();

  constructor(private readonly options: LoadOptions) {}

  async register(): Promise<void> {
    this.#clients = this.options.urls.map((url) => createJsonClient(url, { ca: [this.options.ca], maxSockets: 32 }));
    const stations = simulatedStations(this.options.stations);
    for (const [i, station] of stations.entries()) {
      const client = this.#clients[i % this.#clients.length]!;
      const { token } = await registerOrRotate(client, this.options.operatorToken, station);
      this.#tokens.set(station.id, { token, client });
    }
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  close(): void {
    for (const c of this.#clients) c.close();
  }

  /** Mean and minimum of receptions offered a second over [fromS, toS). */
  rate(fromMs: number, toMs: number): { mean: number; min: number } {
    const values: number[] = [];
    for (let s = Math.floor(fromMs / 1000); s < Math.floor(toMs / 1000); s++) values.push(this.perSecond.get(s) ?? 0);
    return {
      mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
      min: Math.min(...values),
    };
  }

  async #run(): Promise<void> {
    const { ratePerS, seed, burstsPerMin } = this.options;
    const rng = createRng(seed + Date.now());
    const copies = 3;
    const ids = [...this.#tokens.keys()];
    const startMs = Date.now();
    // On-board time runs 20 s behind the wall clock, so every reception is already due (the
    // ingest refuses receptions from the future).
    const traffic = new SatelliteTraffic({
      rng,
      startMs: startMs - 20_000,
      loadPacketsPerS: ratePerS / copies,
      burstsPerMin,
      firstBurstAtMs: startMs - 19_000,
    });
    const tickMs = 250;
    const inFlight = new Set<Promise<void>>();
    while (this.#running) {
      const tickStart = Date.now();
      const frames = traffic.framesUntil(tickStart - 20_000);
      const receptions = relayFrames(frames, {
        rng,
        stations: ids,
        meanCopies: copies,
        damageProbability: 0.02,
      }).receptions;
      const batch = [...this.#retry.splice(0), ...receptions];
      const byStation = new Map<string, Reception[]>();
      for (const r of batch) {
        const list = byStation.get(r.stationId) ?? [];
        list.push(r);
        byStation.set(r.stationId, list);
      }
      this.offered += receptions.length;
      const second = Math.floor(tickStart / 1000);
      this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + receptions.length);
      for (const [stationId, list] of byStation) {
        for (let i = 0; i < list.length; i += 500) {
          const p = this.#post(stationId, list.slice(i, i + 500)).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
      }
      // Bounded: a dead ingest must not pile up requests without end.
      while (inFlight.size > 256) await Promise.race(inFlight);
      const wait = tickMs - (Date.now() - tickStart);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.allSettled(inFlight);
  }

  async #post(stationId: string, receptions: Reception[]): Promise<void> {
    const { token, client } = this.#tokens.get(stationId)!;
    try {
      const reply = await client.request('POST', '/v1/receptions', { body: { receptions }, token, timeoutMs: 10_000 });
      if (reply.status === 200) {
        for (const r of receptions) this.acked.add(keyOf(r));
        return;
      }
    } catch {
      // unreachable: posted again below
    }
    this.failedBatches++;
    this.#retry.push(...receptions);
  }
}
