import { createServiceApp, deadLettersRoute, type ServiceAppOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import type { SchedulerSettings } from './plans/settings.js';
import { orbitRoute } from './routes/orbit.route.js';
import { plansRoute } from './routes/plans.route.js';
import { requestsRoute } from './routes/requests.route.js';
import { visibilityRoute } from './routes/visibility.route.js';
import { createRuntime, type SchedulerRuntime } from './runtime.js';

export type SchedulerAppOptions = ServiceAppOptions<SchedulerSettings>;

export const SERVICE = {
  service: 'scheduler',
  title: 'SVOM FSC — scheduler (general program)',
  description:
    'Orbit (TLE, position), observation requests (GP and ToOs), visibility windows, plans of observations and slews under every constraint, interrupted and replanned by bursts (svom.plan.>).',
  tags: {
    orbit: "The satellite's orbit: the TLE in use and its position",
    plans: 'Plans of observations and slews over a span, and notices that could not be handled',
    requests: 'General-program targets and ToOs: submitted, accepted or rejected',
    visibility: 'When a target is observable, and the constraints in force',
  },
};

/** The scheduler app: never listens (server.ts does); `runtime` holds its notice consumer, started by the caller. */
export type SchedulerApp = FastifyInstance & { runtime: SchedulerRuntime };

export async function buildSchedulerApp(options: SchedulerAppOptions): Promise<SchedulerApp> {
  return createServiceApp(SERVICE, options, {
    runtime: (app) => createRuntime(app, options.settings),
    routes: [
      orbitRoute,
      requestsRoute,
      visibilityRoute,
      plansRoute,
      deadLettersRoute({ table: 'gp.dead_letters', tag: 'plans', what: 'Notices' }),
    ],
  });
}
