import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { accessGuard, type EndpointAccess } from '../operator-access.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This service's Prometheus registry: domain code registers its counters here. */
    metrics: Registry;
  }
}

/**
 * Prometheus `/metrics`: process metrics, HTTP request durations by route, and whatever the
 * service adds; served to the readers `access` admits, even while the service sheds load.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, options: { service: string; access?: EndpointAccess }) => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.service });
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const errors = new Counter({
      name: 'http_errors_total',
      help: 'answers with status 400 or more',
      labelNames: ['route', 'status'],
      registers: [registry],
    });
    app.decorate('metrics', registry);
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unknown';
      duration.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
      if (reply.statusCode >= 400) errors.inc({ route, status: reply.statusCode });
    });
    const guard = accessGuard(options.access ?? { allow: undefined, token: undefined }, '/metrics');
    const config = { neverShed: true, requestLog: 'sampled' } as const;
    app.get('/metrics', { schema: { hide: true }, config, onRequest: guard }, async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'svom-metrics' },
);
