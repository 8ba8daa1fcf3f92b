import { retryAfterMs } from './live/reconnect-delay.js';

// When the dashboard asks a read again, and when it stops and shows the error.

/** The waits before asking a read again; one attempt more than there are waits. */
export const READ_RETRY_WAITS_MS: readonly number[] = [250, 1000, 3000];

/**
 * Answers that say "not now" rather than "no": the web service's proxy found the service down or
 * restarting (502) or too slow (504), or a service shed load (503, with a Retry-After).
 */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/** A Retry-After longer than this is not waited for: the page shows the error at once instead. */
export const MAX_READ_RETRY_AFTER_MS = 10_000;

/**
 * Calls `attempt` until it gives an answer that is not transient, waiting `waitsMs[i]` (or the
 * answer's Retry-After, if longer) before attempt i + 2. A request that got no answer at all (the
 * browser cancels what is in flight when the machine's network changes, net::ERR_NETWORK_CHANGED)
 * is retried the same way. Only for reads: a write that got no answer may have been done. Answers
 * the last response, transient or not, or throws the last failure.
 */
export async function fetchWithRetry(
  attempt: () => Promise<Response>,
  waitsMs: readonly number[] = READ_RETRY_WAITS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Response> {
  for (let i = 0; ; i++) {
    const wait = waitsMs[i];
    let response: Response;
    try {
      response = await attempt();
    } catch (error) {
      if (wait === undefined) throw error;
      await sleep(wait);
      continue;
    }
    if (wait === undefined || !TRANSIENT_STATUSES.has(response.status)) return response;
    const asked = retryAfterMs(response.headers.get('retry-after'), Date.now());
    if (asked !== undefined && asked > MAX_READ_RETRY_AFTER_MS) return response;
    // The body is not read: let the connection go back to the pool.
    await response.body?.cancel();
    await sleep(Math.max(wait, asked ?? 0));
  }
}
