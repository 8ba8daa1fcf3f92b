/**
 * Delay before the next reconnection attempt (VTP 2.0 §4 asks for geometric back-off).
 * Exponential, capped, with "equal jitter": half the delay is fixed and half random, so many
 * subscribers cut off by the same broker restart do not all come back in the same instant,
 * while none retries sooner than half the nominal delay.
 */

/** Back-off settings of {@link VtpSubscriber}. */
export interface BackoffOptions {
  /** Delay after the first failure. */
  initialDelayMs?: number;
  /** Upper bound of the nominal delay. */
  maxDelayMs?: number;
  /** Growth per consecutive failure. */
  factor?: number;
}

/** Defaults: 1 s, doubling, capped at 60 s (the broker's iamalive period). */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialDelayMs: 1_000, maxDelayMs: 60_000, factor: 2 };

/**
 * @param attempt consecutive failures so far, from 0.
 * @param random source in [0, 1), injectable for tests.
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { initialDelayMs, maxDelayMs, factor } = { ...DEFAULT_BACKOFF, ...options };
  const nominal = Math.min(maxDelayMs, initialDelayMs * factor ** Math.max(0, attempt));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}
