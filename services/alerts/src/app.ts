import { fastifySSE } from '@fastify/sse';
import { createServiceApp, deadLettersRoute, type ServiceAppOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { advocateRoute } from './routes/advocate.route.js';
import { burstsRoute } from './routes/bursts.route.js';
import { noticesRoute } from './routes/notices.route.js';
import { schemasRoute } from './routes/schemas.route.js';
import { streamRoute } from './routes/stream.route.js';
import { createRuntime, type AlertsRuntime, type AlertsSettings } from './runtime.js';

export type AlertsAppOptions = ServiceAppOptions<AlertsSettings>;

export const SERVICE = {
  service: 'alerts',
  title: 'SVOM FSC — alerts',
  description:
    'Bursts and notices from the VHF packets (ICD-VHF section 7): VOEvent 2.0 and JSON, on NATS (svom.alerts.>), VTP (8099 subscribers, 8098 authors), REST and SSE; Burst Advocate actions.',
  tags: {
    'burst advocates':
      "Burst Advocate actions (role burst-advocate): retract, confirm, comment; each audited in the burst's timeline",
    bursts: 'Bursts detected on board, with their notices, best position, light curve and timeline',
    notices:
      'The notices issued (JSON or VOEvent), their replay, the live stream (SSE) and the VHF packets that could not be handled',
    schemas: 'The JSON schemas of the messages at their $id URLs, and the AsyncAPI document of the NATS messages',
  },
};

/** The alerts app: never listens (server.ts does); `runtime` holds its consumer, VTP ports and timers, started by the caller. */
export type AlertsApp = FastifyInstance & { runtime: AlertsRuntime };

export async function buildAlertsApp(options: AlertsAppOptions): Promise<AlertsApp> {
  return createServiceApp(SERVICE, options, {
    // A notice's JSON is written once, when it is made, and sent as it is: the plugin's default
    // serializer would JSON-encode that text again, so clients got a JSON string, not the notice.
    setup: async (app) =>
      void (await app.register(fastifySSE, {
        heartbeatInterval: 15_000,
        serializer: (data: unknown) => (typeof data === 'string' ? data : JSON.stringify(data)),
      })),
    runtime: (app) => createRuntime(app, options.settings),
    routes: [
      burstsRoute,
      noticesRoute,
      streamRoute,
      advocateRoute,
      schemasRoute,
      deadLettersRoute({ table: 'alerts.dead_letters', tag: 'notices', what: 'VHF packets' }),
    ],
  });
}
