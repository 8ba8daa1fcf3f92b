/**
 * Token buckets by key (an author's address): `ratePerS` sustained, `burst` at once. A bucket
 * that has refilled is forgotten, so the map holds only peers that sent recently.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; atMs: number }>();

  /** `ratePerS` ≤ 0 means no limit. */
  constructor(
    readonly ratePerS: number,
    readonly burst: number,
  ) {}

  get limited(): boolean {
    return this.ratePerS > 0;
  }

  /**
   * Take a token for `key`: 0 when it was there, else the milliseconds until one will be (the
   * caller waits that long and asks again).
   */
  take(key: string, nowMs = Date.now()): number {
    if (this.ratePerS <= 0) return 0;
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, atMs: nowMs };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.atMs) * this.ratePerS) / 1000);
    bucket.atMs = nowMs;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.#buckets.set(key, bucket);
      if (this.#buckets.size > 10_000) this.#prune(nowMs);
      return 0;
    }
    this.#buckets.set(key, bucket);
    return Math.ceil(((1 - bucket.tokens) * 1000) / this.ratePerS);
  }

  #prune(nowMs: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((nowMs - b.atMs) * this.ratePerS) / 1000 >= this.burst) this.#buckets.delete(key);
    }
  }
}
