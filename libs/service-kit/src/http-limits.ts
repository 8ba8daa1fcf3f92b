import type { BaseConfig } from './config.js';
import type { PressureLimits } from './plugins/pressure.plugin.js';

/**
 * What one client may hold of a service: sockets, time to send a request, event streams, writes.
 * Node and Fastify default to no request timeout at all, so a client sending a body a byte a
 * minute held a socket for ever (issue 16); these are the FSC's defaults instead.
 */
export interface HttpLimits {
  /** Open connections at most; the next is closed at accept (`server.maxConnections`). */
  maxConnections: number;
  /** Head and body of a request must arrive within this (408 otherwise). */
  requestTimeoutMs: number;
  /** The head alone must arrive within this (408 otherwise). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way is closed after this (event streams beat every 15 s). */
  idleTimeoutMs: number;
  /** Default write requests per client and minute for routes that opt in to rate limiting. */
  rateLimitPerMinute: number;
  /** Open event streams at most, and from one address (429 beyond). */
  sseMaxClients: number;
  sseMaxClientsPerIp: number;
  /**
   * Load shedding ({@link PressureLimits}): mean event-loop delay (ms), heap and resident memory
   * (MiB) past which requests get 503 with `Retry-After: overloadRetryAfterS`; 0 turns one off.
   */
  maxEventLoopDelayMs: number;
  maxHeapUsedMb: number;
  maxRssMb: number;
  overloadRetryAfterS: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  maxConnections: 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 120_000,
  rateLimitPerMinute: 6000,
  sseMaxClients: 256,
  sseMaxClientsPerIp: 16,
  // Off for an app built in a process of its own making (a test, a bench): it shares its event
  // loop with its clients, whose synchronous work would read as overload. A service started by
  // runService gets BaseConfig's MAX_EVENT_LOOP_DELAY_MS (1000 ms).
  maxEventLoopDelayMs: 0,
  maxHeapUsedMb: 0,
  maxRssMb: 0,
  overloadRetryAfterS: 5,
});

/** The limits a service's configuration sets (BaseConfig's HTTP_*, SSE_*, RATE_LIMIT_PER_MINUTE). */
export function httpLimitsFrom(config: BaseConfig): HttpLimits {
  return {
    ...DEFAULT_HTTP_LIMITS,
    maxConnections: config.HTTP_MAX_CONNECTIONS,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    sseMaxClients: config.SSE_MAX_CLIENTS,
    sseMaxClientsPerIp: config.SSE_MAX_CLIENTS_PER_IP,
    maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedMb: config.MAX_HEAP_USED_MB,
    maxRssMb: config.MAX_RSS_MB,
    overloadRetryAfterS: config.OVERLOAD_RETRY_AFTER_S,
  };
}

/** The load-shedding part of the limits, as the pressure plugin takes it. */
export function pressureLimits(limits: HttpLimits): PressureLimits {
  return {
    maxEventLoopDelayMs: limits.maxEventLoopDelayMs,
    maxHeapUsedMb: limits.maxHeapUsedMb,
    maxRssMb: limits.maxRssMb,
    retryAfterS: limits.overloadRetryAfterS,
  };
}

/** What Fastify's own options do not cover, given to Node's `createServer`. */
export function nodeServerLimits(limits: HttpLimits): { headersTimeout: number; connectionsCheckingInterval: number } {
  return { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: 1000 };
}
