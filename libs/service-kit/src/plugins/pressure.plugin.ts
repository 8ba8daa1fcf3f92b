import underPressure from '@fastify/under-pressure';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { quietRequestLog } from '../request-log.js';
import { problemAnswer } from './problem.plugin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered even when the service sheds load: `/health`, `/ready`, `/metrics` (probes must see it). */
    neverShed?: boolean;
  }
}

/** When a service refuses new requests rather than queue them (0 turns a check off). */
export interface PressureLimits {
  /** Mean event-loop delay over the last sample (ms) past which requests get 503. */
  maxEventLoopDelayMs: number;
  /** V8 heap in use (MiB) past which requests get 503. */
  maxHeapUsedMb: number;
  /** Resident memory (MiB) past which requests get 503. */
  maxRssMb: number;
  /** What the 503's `Retry-After` says (seconds). */
  retryAfterS: number;
  /** How often the loop delay and memory are sampled (ms; 1000 unless a test needs it faster). */
  sampleIntervalMs?: number;
}

const REPORT_EVERY_MS = 10_000;

/**
 * Load shedding (issue 15): while the event loop lags past its threshold (or memory past its
 * own, when set), every request but the probes' gets 503 problem+json `FSC_OVERLOADED` with
 * `Retry-After`, at once and without reading its body, so an overloaded ingest answers stations
 * to come back instead of letting every request's latency grow. The refusals are logged as one
 * warn line per 10 s, not one per request.
 */
export const pressurePlugin = fp(
  async (app: FastifyInstance, limits: PressureLimits) => {
    const report = new ShedReport(app.log);
    await app.register(underPressure, {
      maxEventLoopDelay: limits.maxEventLoopDelayMs,
      maxHeapUsedBytes: limits.maxHeapUsedMb * 1024 * 1024,
      maxRssBytes: limits.maxRssMb * 1024 * 1024,
      retryAfter: limits.retryAfterS,
      sampleInterval: limits.sampleIntervalMs ?? 1000,
      // Returning the problem document makes under-pressure send it and stop the request there;
      // returning nothing lets an exempt route go on.
      pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => {
        if (request.routeOptions.config?.neverShed) return undefined;
        quietRequestLog(request);
        report.refused(type, value);
        reply.header('retry-after', String(limits.retryAfterS));
        return problemAnswer(reply, {
          status: 503,
          code: 'FSC_OVERLOADED',
          detail: `the service is overloaded (${describe(type, value)}); retry after ${limits.retryAfterS} s`,
          instance: request.url,
        });
      }) as never,
    });
  },
  { name: 'svom-pressure' },
);

/** One warn line per period while shedding: what is over its limit, and how many were refused. */
class ShedReport {
  private refusedSince = 0;
  private lastReportAt = 0;

  constructor(private readonly log: FastifyBaseLogger) {}

  refused(type: string, value: number | undefined): void {
    this.refusedSince++;
    const now = Date.now();
    if (now - this.lastReportAt < REPORT_EVERY_MS) return;
    this.log.warn(
      { pressure: type, value, refused: this.refusedSince },
      `overloaded (${describe(type, value)}): answering 503 to new requests`,
    );
    this.lastReportAt = now;
    this.refusedSince = 0;
  }
}

function describe(type: string, value: number | undefined): string {
  if (value === undefined) return type;
  if (type === 'eventLoopDelay') return `event loop delay ${Math.round(value)} ms`;
  if (type === 'heapUsedBytes') return `heap ${Math.round(value / 1024 / 1024)} MiB`;
  if (type === 'rssBytes') return `resident memory ${Math.round(value / 1024 / 1024)} MiB`;
  return `${type} ${value}`;
}
