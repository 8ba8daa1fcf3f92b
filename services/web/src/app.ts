import { fastifySSE } from '@fastify/sse';
import { createApp, type ServiceAppOptions, serviceAppOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { LiveHub } from './live/live-hub.js';
import { closeUpstreams, makeUpstreams, type UpstreamName } from './proxy/upstreams.js';
import { eventsRoute } from './routes/events.route.js';
import { proxyRoute } from './routes/proxy.route.js';
import { staticRoute } from './routes/static.route.js';

export interface WebSettings {
  ALERTS_URL: string;
  INGEST_URL: string;
  FOLLOWUP_URL: string;
  SCHEDULER_URL: string;
  NOTIFY_URL: string;
  UPSTREAM_TIMEOUT_MS: number;
}

/** A service's options, and the certificate authority of the upstreams the dashboard proxies. */
export interface WebAppOptions extends ServiceAppOptions<WebSettings> {
  /** PEM to trust for the upstreams; defaults to our own certificate. */
  upstreamCa?: string | undefined;
}

export const SERVICE = {
  service: 'web',
  title: 'SVOM FSC — web dashboard',
  description:
    'The dashboard: bursts (live), a burst with its notices, sky map, light curve and follow-up, the VHF stations, the general-program plan, Burst Advocate actions, notice subscriptions and operator alarms. Proxies the other services under /api/<service>/v1/... and streams live changes at /events.',
  tags: {
    dashboard: "The dashboard's own endpoints: live changes as Server-Sent Events",
  },
};

/** The dashboard app: never listens (server.ts does). */
export type WebApp = FastifyInstance & { hub: LiveHub };

export async function buildWebApp(options: WebAppOptions): Promise<WebApp> {
  // Not createServiceApp: the dashboard has no runtime of its own, only a hub and its upstreams.
  const app = await createApp(serviceAppOptions(SERVICE, options));
  await app.register(fastifySSE, { heartbeatInterval: 15_000 });
  const s = options.settings;
  const urls: Record<UpstreamName, string> = {
    alerts: s.ALERTS_URL,
    ingest: s.INGEST_URL,
    followup: s.FOLLOWUP_URL,
    scheduler: s.SCHEDULER_URL,
    notify: s.NOTIFY_URL,
  };
  const upstreams = makeUpstreams(urls, options.upstreamCa ?? options.https?.cert, options.limits?.sseMaxClients);
  const hub = new LiveHub();
  // Without infra (the OpenAPI generator) there is no NATS to listen to.
  if (options.infra) hub.start(options.infra.nats.nc, app.subjects);
  app.decorate('hub', hub);
  await app.register(async (scope) => {
    await eventsRoute(scope, hub);
    await proxyRoute(scope, { upstreams, timeoutMs: s.UPSTREAM_TIMEOUT_MS });
    await staticRoute(scope);
  });
  app.addHook('onClose', async () => {
    hub.stop();
    closeUpstreams(upstreams);
  });
  return app as unknown as WebApp;
}
