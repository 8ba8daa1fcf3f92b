// How long the page waits before it opens /events again.

/** The first wait after a stream ends or fails; doubled on each failure in a row. */
export const FIRST_RETRY_MS = 1000;
/** The longest wait for a failure in a row (a Retry-After may ask for longer). */
export const MAX_BACKOFF_MS = 30_000;
/** A Retry-After past this is read as this: a page should not stay dark for an hour on one header. */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * The Retry-After header (RFC 9110 §10.2.3: seconds, or an HTTP date) in milliseconds from `nowMs`,
 * or undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

/**
 * The wait before attempt `failures + 1`: exponential backoff with jitter (every tab of an
 * overloaded service would otherwise come back in the same second), never shorter than what the
 * service asked for in Retry-After. `random` is in [0, 1).
 */
export function reconnectDelayMs(failures: number, retryAfter: number | undefined, random: number): number {
  const backoff = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures), MAX_BACKOFF_MS);
  // Half to all of the backoff: spread, but never a hammering zero.
  const jittered = Math.round(backoff * (0.5 + random / 2));
  return Math.max(jittered, retryAfter ?? 0);
}
