import { createApp, type InfraOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { burstsRoute } from './routes/bursts.route.js';
import { facilitiesRoute } from './routes/facilities.route.js';
import { reportsRoute } from './routes/reports.route.js';
import { requestsRoute } from './routes/requests.route.js';
import { createRuntime, type FollowupRuntime, type FollowupSettings } from './runtime.js';

export interface FollowupAppOptions {
  infra?: InfraOptions | undefined;
  jwtSecret: string;
  settings: FollowupSettings;
  /** The clock planning uses (tests pin it); the wall clock by default. */
  clock?: (() => Date) | undefined;
  https?: { cert: string; key: string } | undefined;
  logger?: { level: string } | boolean | undefined;
}

export const SERVICE = {
  service: 'followup',
  title: 'SVOM FSC — follow-up',
  description: 'Ground facilities, observation requests made from the burst notices (svom.alerts.notice.>), their audited lifecycle, and what the facilities report back: observations, afterglow candidates, redshifts (svom.followup.>).',
};

/** The follow-up app: never listens (server.ts does); `runtime` holds the consumer, started by the caller. */
export type FollowupApp = FastifyInstance & { runtime: FollowupRuntime };

export async function buildFollowupApp(options: FollowupAppOptions): Promise<FollowupApp> {
  const app = await createApp({
    ...SERVICE,
    infra: options.infra,
    jwtSecret: options.jwtSecret,
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? { level: 'info' },
    securitySchemes: { facilityToken: { type: 'http', scheme: 'bearer', description: 'a facility token (POST /v1/facilities/<id>/token)' } },
  });
  const runtime = options.infra ? createRuntime(app, options.settings, options.clock) : (undefined as unknown as FollowupRuntime);
  app.decorate('runtime', runtime);
  await app.register(async (scope) => {
    await facilitiesRoute(scope, runtime);
    await requestsRoute(scope, runtime);
    await reportsRoute(scope, runtime);
    await burstsRoute(scope, runtime);
  });
  app.addHook('onClose', async () => runtime?.stop());
  return app as unknown as FollowupApp;
}
