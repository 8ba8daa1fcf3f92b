import {
  generateBurst,
  generatePlatformRecurrent,
  SequenceCounters,
  type Rng,
  type SimulatedFrame,
} from '@svom/vhf-sim';

export interface SatelliteTrafficOptions {
  rng: Rng;
  /** On-board time at which the satellite starts talking, Unix ms. */
  startMs: number;
  /** Extra platform packets a second, to bring the relayed traffic up to the asked rate. */
  loadPacketsPerS: number;
  /** Mean bursts a minute (Poisson); 0 for none. */
  burstsPerMin: number;
  /** When the first burst triggers (default: after an exponential wait). */
  firstBurstAtMs?: number;
}

/**
 * What the satellite says over VHF as on-board time advances: the platform recurrent packet
 * every 60 s, bursts at random (each with its whole message sequence: ECLAIRs alerts, GRM,
 * slew, light curve, MXT, VT over the next minutes), and load. A real satellite sends far less
 * than the rates a test wants (a packet a minute), so the rest is extra platform packets,
 * spaced evenly; they exercise the ingest exactly like the rest.
 */
export class SatelliteTraffic {
  readonly #counters = new SequenceCounters();
  readonly #pending: SimulatedFrame[] = [];
  readonly #attitude: [number, number, number, number] = [1, 0, 0, 0];
  #nextPlatformMs: number;
  #nextLoadMs: number;
  #nextBurstMs: number;
  #bursts = 0;

  constructor(private readonly options: SatelliteTrafficOptions) {
    this.#nextPlatformMs = options.startMs;
    this.#nextLoadMs = options.startMs;
    this.#nextBurstMs =
      options.burstsPerMin > 0 ? (options.firstBurstAtMs ?? options.startMs + this.#burstWaitMs()) : Infinity;
  }

  /** Bursts triggered so far. */
  get bursts(): number {
    return this.#bursts;
  }

  /** Every frame made on board up to `obtMs` not handed out before, in on-board time order. */
  framesUntil(obtMs: number): SimulatedFrame[] {
    const { rng } = this.options;
    const out: SimulatedFrame[] = [];
    for (; this.#nextPlatformMs <= obtMs; this.#nextPlatformMs += 60_000) {
      out.push(
        ...generatePlatformRecurrent({
          rng,
          counters: this.#counters,
          fromUnixMs: this.#nextPlatformMs,
          toUnixMs: this.#nextPlatformMs + 1,
          observationId: 1,
        }),
      );
    }
    if (this.options.loadPacketsPerS > 0 && this.#nextLoadMs <= obtMs) {
      const periodMs = 1000 / this.options.loadPacketsPerS;
      const frames = generatePlatformRecurrent({
        rng,
        counters: this.#counters,
        fromUnixMs: this.#nextLoadMs,
        toUnixMs: obtMs + 1,
        periodMs,
        attitude: this.#attitude,
        observationId: 2,
      });
      out.push(...frames);
      this.#nextLoadMs += Math.max(1, frames.length) * periodMs;
    }
    for (; this.#nextBurstMs <= obtMs; this.#nextBurstMs += this.#burstWaitMs()) {
      this.#bursts++;
      this.#pending.push(
        ...generateBurst({ rng, counters: this.#counters, t0UnixMs: Math.round(this.#nextBurstMs) }).frames,
      );
      this.#pending.sort((a, b) => a.obtUnixMs - b.obtUnixMs);
    }
    let due = 0;
    while (due < this.#pending.length && this.#pending[due]!.obtUnixMs <= obtMs) due++;
    out.push(...this.#pending.splice(0, due));
    return out.sort((a, b) => a.obtUnixMs - b.obtUnixMs);
  }

  #burstWaitMs(): number {
    return (-Math.log(1 - this.options.rng.next()) * 60_000) / this.options.burstsPerMin;
  }
}
