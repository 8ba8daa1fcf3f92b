import { createServiceApp, type ServiceAppOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { createRuntime, type IngestRuntime, type IngestSettings } from './ingest/runtime.js';
import { packetsRoute } from './routes/packets.route.js';
import { receptionsRoute } from './routes/receptions.route.js';
import { stationsRoute } from './routes/stations.route.js';

export type IngestAppOptions = ServiceAppOptions<IngestSettings>;

export const SERVICE = {
  service: 'vhf-ingest',
  title: 'SVOM FSC — VHF ingest',
  description:
    'Frames relayed by the VHF stations in (ICD-VHF v1), checked, decoded, de-duplicated packets out: durable in PostgreSQL (schema vhf) and on NATS JetStream (svom.vhf.>).',
  tags: {
    packets: 'Unique packets decoded from the frames, multi-frame messages and rejected receptions',
    receptions: 'Frames relayed by the VHF stations (station token)',
    stations: 'The VHF stations (operators): registration, tokens and health',
  },
};

/** The VHF ingest app: never listens (server.ts does); `runtime` holds its timers, started by the caller. */
export type IngestApp = FastifyInstance & { runtime: IngestRuntime };

export async function buildIngestApp(options: IngestAppOptions): Promise<IngestApp> {
  return createServiceApp(
    {
      ...SERVICE,
      bodyLimit: 4 * 1024 * 1024,
      securitySchemes: {
        stationToken: { type: 'http', scheme: 'bearer', description: 'a station token (svom station add)' },
      },
    },
    options,
    { runtime: (app) => createRuntime(app, options.settings), routes: [receptionsRoute, stationsRoute, packetsRoute] },
  );
}
