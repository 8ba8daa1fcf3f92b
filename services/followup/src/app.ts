import { createServiceApp, deadLettersRoute, type ServiceAppOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { burstsRoute } from './routes/bursts.route.js';
import { facilitiesRoute } from './routes/facilities.route.js';
import { reportsRoute } from './routes/reports.route.js';
import { requestsRoute } from './routes/requests.route.js';
import { createRuntime, type FollowupRuntime, type FollowupSettings } from './runtime.js';

export interface FollowupAppOptions extends ServiceAppOptions<FollowupSettings> {
  /** The clock planning uses (tests pin it); the wall clock by default. */
  clock?: (() => Date) | undefined;
}

export const SERVICE = {
  service: 'followup',
  title: 'SVOM FSC — follow-up',
  description:
    'Ground facilities, observation requests made from the burst notices (svom.alerts.notice.>), their audited lifecycle, and what the facilities report back: observations, afterglow candidates, redshifts (svom.followup.>).',
  tags: {
    bursts: "A burst's follow-up: notices, requests, reasons for no request and reports in one timeline",
    facilities: 'Ground facilities (operators): site, limits, contact and their tokens',
    notices: 'Notices that could not be handled (operators)',
    reports: 'What facilities report back: observations, afterglow candidates, redshifts',
    requests: 'Observation requests made from the notices, and their audited lifecycle',
  },
};

/** The follow-up app: never listens (server.ts does); `runtime` holds the consumer, started by the caller. */
export type FollowupApp = FastifyInstance & { runtime: FollowupRuntime };

export async function buildFollowupApp(options: FollowupAppOptions): Promise<FollowupApp> {
  return createServiceApp(
    {
      ...SERVICE,
      securitySchemes: {
        facilityToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'a facility token (POST /v1/facilities/<id>/token)',
        },
      },
    },
    options,
    {
      runtime: (app) => createRuntime(app, options.settings, options.clock),
      routes: [
        facilitiesRoute,
        requestsRoute,
        reportsRoute,
        burstsRoute,
        deadLettersRoute({ table: 'followup.dead_letters', tag: 'notices', what: 'Notices' }),
      ],
    },
  );
}
