// One event stream to the web service's /events for the whole page. Each `ready` (first or after
// a reconnection) tells the view to re-read its data, since what happened while the stream was
// down is not replayed.
//
// Read with fetch(), not EventSource: EventSource retries a dropped connection by itself, but an
// answer other than 200 (503 while the service sheds load, 429 past the stream caps, 502/504 from
// a proxy) closes it for good, and it never shows the answer's Retry-After. Under load the page
// then stayed "reconnecting…" and was never live again. Here every failure is retried, with
// backoff, no sooner than the service asked.
import { reconnectDelayMs, retryAfterMs } from './live/reconnect-delay.js';
import { SseParser } from './live/sse-parser.js';

export type LiveEvent = { event: 'burst' | 'station' | 'plan' | 'followup' | 'ready'; data: any };
/** `connecting` before the first stream, `live` once a stream said `ready`, `reconnecting` between streams. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';
/** With `reconnecting`: how long until the next attempt. */
export type LiveStateListener = (state: LiveState, retryInMs?: number) => void;

const NAMES = new Set<string>(['burst', 'station', 'plan', 'followup', 'ready']);

export interface LiveOptions {
  /** Where the stream is; `/events` of this origin by default. */
  url?: string;
  /** The jitter's source, [0, 1). */
  random?: () => number;
}

export function connectLive(
  onEvent: (e: LiveEvent) => void,
  onState: LiveStateListener,
  options: LiveOptions = {},
): () => void {
  const url = options.url ?? '/events';
  const random = options.random ?? Math.random;
  let stopped = false;
  let abort: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Attempts in a row that never reached `ready`: the backoff grows with them. */
  let failures = 0;

  const dispatch = (name: string, text: string) => {
    if (!NAMES.has(name)) return;
    let data: unknown = null;
    try {
      data = JSON.parse(text);
    } catch {
      // keep null: the event name is enough to refresh
    }
    if (name === 'ready') {
      failures = 0;
      onState('live');
    }
    onEvent({ event: name as LiveEvent['event'], data });
  };

  /** One stream, from request to its end; resolves with the Retry-After it was answered, if any. */
  const attempt = async (signal: AbortSignal): Promise<number | undefined> => {
    const response = await fetch(url, { headers: { accept: 'text/event-stream' }, cache: 'no-store', signal });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
      void response.body?.cancel().catch(() => {});
      return retryAfterMs(response.headers.get('retry-after'), Date.now());
    }
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return undefined;
      for (const e of parser.push(value)) dispatch(e.event, e.data);
    }
  };

  const open = async () => {
    timer = undefined;
    abort = new AbortController();
    let retryAfter: number | undefined;
    try {
      retryAfter = await attempt(abort.signal);
    } catch {
      // A network error, a stream cut: retried below like a refusal.
    }
    if (stopped) return;
    const delayMs = reconnectDelayMs(failures, retryAfter, random());
    failures++;
    onState('reconnecting', delayMs);
    timer = setTimeout(() => void open(), delayMs);
  };

  onState('connecting');
  void open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    abort?.abort();
  };
}

/** Calls `fn` at most once per `waitMs`, at the end of a burst of calls (a flurry of notices). */
export function debounce(fn: () => void, waitMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, waitMs);
  };
}
