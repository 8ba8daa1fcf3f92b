/** What a simulation has done so far; the progress line and the summary read it. */
export interface SimulationStats {
  elapsedS: number;
  stations: number;
  posted: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Batches refused or lost (5xx, network), retried later. */
  failedBatches: number;
  batches: number;
  burstsSent: number;
  /** Receptions a second over the last few seconds. */
  ratePerS: number;
  /** The last failure, to say why the numbers stall. */
  lastError?: string | undefined;
}

/** A sliding window of posted receptions, for a rate that follows changes within seconds. */
export class RateMeter {
  readonly #samples: Array<{ atMs: number; count: number }> = [];
  constructor(private readonly windowMs = 5000) {}

  add(count: number, atMs = Date.now()): void {
    this.#samples.push({ atMs, count });
  }

  perSecond(nowMs = Date.now(), startedMs = nowMs): number {
    while (this.#samples.length && this.#samples[0]!.atMs < nowMs - this.windowMs) this.#samples.shift();
    const spanMs = Math.min(this.windowMs, Math.max(1000, nowMs - startedMs));
    return (this.#samples.reduce((sum, s) => sum + s.count, 0) * 1000) / spanMs;
  }
}

/** One line: `12.3 s  41 rec/s  accepted 120  duplicate 240  rejected 12  bursts 1`. */
export function progressLine(s: SimulationStats): string {
  const failed = s.failedBatches ? `  failed batches ${s.failedBatches}${s.lastError ? ` (${s.lastError})` : ''}` : '';
  return `${s.elapsedS.toFixed(0).padStart(4)} s  ${s.ratePerS.toFixed(1).padStart(7)} rec/s  posted ${s.posted}  accepted ${s.accepted}  duplicate ${s.duplicate}  rejected ${s.rejected}  bursts ${s.burstsSent}  stations ${s.stations}${failed}`;
}
