import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Upstream } from './upstreams.js';

/** Request headers the dashboard needs upstream; cookies and the rest stay here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'authorization', 'content-type', 'last-event-id'] as const;
/** Response headers passed back to the browser. */
export const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'cache-control',
  'vary',
  'retry-after',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  // The published schemas are readable from any origin (the alerts service says so).
  'access-control-allow-origin',
] as const;

export interface ForwardOptions {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer | undefined;
  requestId: string;
  /**
   * Until the response head arrives, counted from now: time queued for a pooled socket included.
   * A stream may then stay open for as long as it likes.
   */
  headTimeoutMs: number;
  /** An event stream: sent on its own connection, never one of the request pool. */
  stream?: boolean;
  /** Aborts the upstream request (the browser went away). */
  signal: AbortSignal;
}

export class UpstreamFault extends Error {
  constructor(
    readonly kind: 'down' | 'timeout',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamFault';
  }
}

/** Sends one request upstream and resolves with the response head; the body is read by the caller. */
export function forward(upstream: Upstream, url: URL, options: ForwardOptions): Promise<IncomingMessage> {
  const headers: Record<string, string> = { 'x-request-id': options.requestId };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = options.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (options.body) headers['content-length'] = String(options.body.length);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: options.method,
      headers,
      agent: options.stream ? upstream.streamAgent : upstream.agent,
      signal: options.signal,
    });
    const timer = setTimeout(
      () => req.destroy(new UpstreamFault('timeout', `no answer in ${options.headTimeoutMs} ms`)),
      options.headTimeoutMs,
    );
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(
        error instanceof UpstreamFault
          ? error
          : new UpstreamFault('down', (error as NodeJS.ErrnoException).code ?? error.message, { cause: error }),
      );
    });
    req.end(options.body);
  });
}
