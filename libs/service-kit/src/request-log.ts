import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `'sampled'` on a route called at a high rate (receptions, probes, scrapes): its successful
     * requests are logged at debug, one in `REQUEST_LOG_SAMPLE` at info; its failures as any
     * route's. Without it, every request is logged at info.
     */
    requestLog?: 'sampled';
  }
}

const QUIET = Symbol('svom.quietRequestLog');

/**
 * Logs this request's completion at debug whatever its answer: a request refused by load
 * shedding, which would otherwise add a warn line per refusal to an overloaded service (the
 * refusals are counted in `/metrics` and summarised by the shedder). Set at onRequest, after
 * the incoming line (at debug already on the hot routes).
 */
export function quietRequestLog(request: FastifyRequest): void {
  (request as unknown as Record<symbol, boolean>)[QUIET] = true;
}

/**
 * Fastify's request lines, by route and outcome (issue 15): at info for ordinary routes as
 * before; on `requestLog: 'sampled'` routes a success is logged at debug, and one in
 * `sampleEvery` at info with `sampled` saying so (0: never). A 4xx answer is always logged at
 * info, a 5xx at warn (its error is also logged at error by the problem handler), so a failing
 * hot request still shows at the default level. One mechanism for every service: routes opt in
 * with their `config`.
 */
export class SvomLogController extends LogController {
  private readonly counts = new Map<string, number>();

  constructor(private readonly sampleEvery: number) {
    super();
  }

  override incomingRequest(request: FastifyRequest): void {
    if (isSampled(request)) request.log.debug({ req: request }, 'incoming request');
    else request.log.info({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const responseTime = reply.elapsedTime;
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime }, 'request errored');
      return;
    }
    const status = reply.statusCode;
    if (isQuiet(request)) {
      reply.log.debug({ req: request, res: reply, responseTime }, 'request completed');
      return;
    }
    if (!isSampled(request)) {
      if (status >= 500) reply.log.warn({ res: reply, responseTime }, 'request completed');
      else reply.log.info({ res: reply, responseTime }, 'request completed');
      return;
    }
    // The incoming line of a sampled route went to debug: this one carries the request.
    if (status >= 500) reply.log.warn({ req: request, res: reply, responseTime }, 'request completed');
    else if (status >= 400) reply.log.info({ req: request, res: reply, responseTime }, 'request completed');
    else if (this.takeSample(request))
      reply.log.info(
        { req: request, res: reply, responseTime, sampled: `1 in ${this.sampleEvery}` },
        'request completed',
      );
    else reply.log.debug({ req: request, res: reply, responseTime }, 'request completed');
  }

  /** Counts this route's successes; true on every `sampleEvery`-th. */
  private takeSample(request: FastifyRequest): boolean {
    if (this.sampleEvery <= 0) return false;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const count = (this.counts.get(route) ?? 0) + 1;
    this.counts.set(route, count % this.sampleEvery);
    return count === this.sampleEvery;
  }
}

function isSampled(request: FastifyRequest): boolean {
  return request.routeOptions.config?.requestLog === 'sampled';
}

function isQuiet(request: FastifyRequest): boolean {
  return (request as unknown as Record<symbol, boolean>)[QUIET] === true;
}
