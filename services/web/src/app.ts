import { fastifySSE } from '@fastify/sse';
import {
  createApp,
  type AppOptions,
  type HttpLimits,
  type InfraOptions,
  type JwtAlgorithm,
  type OperatorAccess,
} from '@svom/service-kit';
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

export interface WebAppOptions {
  infra?: InfraOptions | undefined;
  jwtSecret: string;
  jwtAlgorithm?: JwtAlgorithm | undefined;
  settings: WebSettings;
  limits?: Partial<HttpLimits> | undefined;
  https?: { cert: string; key: string } | undefined;
  /** PEM to trust for the upstreams; defaults to our own certificate. */
  upstreamCa?: string | undefined;
  logger?: AppOptions['logger'] | { level: string } | undefined;
  access?: OperatorAccess | undefined;
  requestLogSample?: number | undefined;
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
  const app = await createApp({
    ...SERVICE,
    infra: options.infra,
    jwtSecret: options.jwtSecret,
    jwtAlgorithm: options.jwtAlgorithm,
    limits: options.limits,
    ...(options.https ? { https: options.https } : {}),
    logger: (options.logger ?? { level: 'info' }) as AppOptions['logger'],
    access: options.access,
    requestLogSample: options.requestLogSample,
  });
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
