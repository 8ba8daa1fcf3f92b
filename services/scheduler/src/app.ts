import { createApp, type InfraOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import type { SchedulerSettings } from './plans/settings.js';
import { orbitRoute } from './routes/orbit.route.js';
import { plansRoute } from './routes/plans.route.js';
import { requestsRoute } from './routes/requests.route.js';
import { visibilityRoute } from './routes/visibility.route.js';
import { createRuntime, type SchedulerRuntime } from './runtime.js';

export interface SchedulerAppOptions {
  infra?: InfraOptions | undefined;
  jwtSecret: string;
  settings: SchedulerSettings;
  https?: { cert: string; key: string } | undefined;
  logger?: { level: string } | boolean | undefined;
}

export const SERVICE = {
  service: 'scheduler',
  title: 'SVOM FSC — scheduler (general program)',
  description: 'Orbit (TLE, position), observation requests (GP and ToOs), visibility windows, plans of observations and slews under every constraint, interrupted and replanned by bursts (svom.plan.>).',
};

/** The scheduler app: never listens (server.ts does); `runtime` holds its notice consumer, started by the caller. */
export type SchedulerApp = FastifyInstance & { runtime: SchedulerRuntime };

export async function buildSchedulerApp(options: SchedulerAppOptions): Promise<SchedulerApp> {
  const app = await createApp({
    ...SERVICE,
    infra: options.infra,
    jwtSecret: options.jwtSecret,
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? { level: 'info' },
  });
  const runtime = options.infra ? createRuntime(app, options.settings) : (undefined as unknown as SchedulerRuntime);
  app.decorate('runtime', runtime);
  await app.register(async (scope) => {
    await orbitRoute(scope, runtime);
    await requestsRoute(scope, runtime);
    await visibilityRoute(scope, runtime);
    await plansRoute(scope, runtime);
  });
  app.addHook('onClose', async () => runtime?.stop());
  return app as unknown as SchedulerApp;
}
