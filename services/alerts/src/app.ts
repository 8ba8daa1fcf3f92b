import { fastifySSE } from '@fastify/sse';
import { createApp, type InfraOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { advocateRoute } from './routes/advocate.route.js';
import { burstsRoute } from './routes/bursts.route.js';
import { noticesRoute } from './routes/notices.route.js';
import { streamRoute } from './routes/stream.route.js';
import { createRuntime, type AlertsRuntime, type AlertsSettings } from './runtime.js';

export interface AlertsAppOptions {
  infra?: InfraOptions | undefined;
  jwtSecret: string;
  settings: AlertsSettings;
  https?: { cert: string; key: string } | undefined;
  logger?: { level: string } | boolean | undefined;
}

export const SERVICE = {
  service: 'alerts',
  title: 'SVOM FSC — alerts',
  description: 'Bursts and notices from the VHF packets (ICD-VHF section 7): VOEvent 2.0 and JSON, on NATS (svom.alerts.>), VTP (8099 subscribers, 8098 authors), REST and SSE; Burst Advocate actions.',
};

/** The alerts app: never listens (server.ts does); `runtime` holds its consumer, VTP ports and timers, started by the caller. */
export type AlertsApp = FastifyInstance & { runtime: AlertsRuntime };

export async function buildAlertsApp(options: AlertsAppOptions): Promise<AlertsApp> {
  const app = await createApp({
    ...SERVICE,
    infra: options.infra,
    jwtSecret: options.jwtSecret,
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? { level: 'info' },
  });
  await app.register(fastifySSE, { heartbeatInterval: 15_000 });
  const runtime = options.infra ? createRuntime(app, options.settings) : (undefined as unknown as AlertsRuntime);
  app.decorate('runtime', runtime);
  await app.register(async (scope) => {
    await burstsRoute(scope, runtime);
    await noticesRoute(scope, runtime);
    await streamRoute(scope, runtime);
    await advocateRoute(scope, runtime);
  });
  app.addHook('onClose', async () => runtime?.stop());
  return app as unknown as AlertsApp;
}
