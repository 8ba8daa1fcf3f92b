import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '@svom/service-kit';
import { WebErrors } from '../errors.js';
import { FORWARDED_RESPONSE_HEADERS, forward, UpstreamFault } from '../proxy/forward.js';
import { upstreamUrl, type Upstream, type Upstreams } from '../proxy/upstreams.js';

/**
 * `/api/<service>/v1/...` → that service's `/v1/...`: the browser talks to one origin, so there
 * is no CORS to configure and no self-signed certificate per port to accept. Bodies and
 * responses are streamed through untouched (SSE included); authorization is the upstream's job.
 */
export async function proxyRoute(
  app: FastifyInstance,
  options: { upstreams: Upstreams; timeoutMs: number },
): Promise<void> {
  await app.register(async (scope) => {
    // The body is passed on as bytes: the upstream validates it against its own schema.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    const handler = async (request: FastifyRequest<{ Params: { service: string } }>, reply: FastifyReply) => {
      const upstream = options.upstreams.get(request.params.service);
      if (!upstream) throw new WebErrors.UnknownUpstream(request.params.service);
      const rest = request.url.slice(`/api/${request.params.service}`.length);
      const url = upstreamUrl(upstream, rest);
      if (!url) throw new WebErrors.UnknownUpstream(`${request.params.service}${rest}`);
      return relay(request, reply, upstream, url);
    };
    /**
     * The JSON schemas at the URLs their `$id`s name (`https://<public host>/schemas/v1/...`) and
     * the AsyncAPI document, from the alerts service that serves them: the public host is this one.
     */
    const alerts = options.upstreams.get('alerts');
    const published = async (request: FastifyRequest, reply: FastifyReply) => {
      const root = request.url.startsWith('/schemas') ? '/schemas' : '/asyncapi.json';
      const url = alerts && upstreamUrl(alerts, request.url, root);
      if (!alerts || !url) throw new WebErrors.UnknownUpstream(`alerts${request.url}`);
      return relay(request, reply, alerts, url);
    };
    const relay = async (request: FastifyRequest, reply: FastifyReply, upstream: Upstream, url: URL) => {
      const stream = isStreamRequest(request);
      const abort = new AbortController();
      // 'close' on the response, not the request: the request stream closes once its body is read.
      reply.raw.once('close', () => abort.abort());
      let res;
      try {
        res = await forward(upstream, url, {
          method: request.method,
          headers: request.headers,
          body: Buffer.isBuffer(request.body) ? request.body : undefined,
          requestId: request.id,
          headTimeoutMs: options.timeoutMs,
          stream,
          signal: abort.signal,
        });
      } catch (error) {
        // Answered here, not thrown: the kit hides the detail of a 5xx, but which service is
        // down (and ECONNREFUSED or a timeout) is what the dashboard must show, and no secret.
        const fault =
          error instanceof UpstreamFault && error.kind === 'timeout'
            ? new WebErrors.UpstreamTimeout(upstream.name, options.timeoutMs)
            : new WebErrors.UpstreamDown(upstream.name, (error as Error).message);
        request.log.warn({ err: error, upstream: upstream.name, url: url.href }, 'upstream failed');
        return sendProblem(reply, {
          status: fault.statusCode!,
          code: fault.code,
          detail: fault.message,
          instance: request.url,
        });
      }
      reply.code(res.statusCode ?? 502);
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = res.headers[name];
        if (value !== undefined) reply.header(name, value);
      }
      // An event stream must not be buffered by anything between us and the browser.
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream'))
        reply.header('x-accel-buffering', 'no');
      return reply.send(res);
    };

    // Hidden from /docs: each service documents its own API.
    const schema = { hide: true } as object;
    // Event streams are capped like our own /events (429 past the cap, overall and per address).
    const admitStream = app.sseClients.admission();
    const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
      if (isStreamRequest(request)) return admitStream.call(app, request, reply);
    };
    scope.get<{ Params: { service: string } }>('/api/:service/*', { schema, onRequest }, handler);
    for (const path of ['/schemas/*', '/asyncapi.json']) scope.get(path, { schema }, published);
    // Writes are rate-limited here too, before they cost an upstream request. PATCH and DELETE:
    // a subscription (notify); the upstream says who may.
    for (const method of ['post', 'patch', 'delete'] as const)
      scope[method]<{ Params: { service: string } }>(
        '/api/:service/*',
        { schema, config: { rateLimit: {} } } as object,
        handler,
      );
  });
}

/** An event stream: asked for as one (EventSource sends this Accept), or a `/stream` path. */
function isStreamRequest(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (typeof accept === 'string' && accept.includes('text/event-stream')) return true;
  return /\/stream(?:[/?]|$)/.test(request.url);
}
