import { createApp, type InfraOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { createRuntime, type IngestRuntime, type IngestSettings } from './ingest/runtime.js';
import { packetsRoute } from './routes/packets.route.js';
import { receptionsRoute } from './routes/receptions.route.js';
import { stationsRoute } from './routes/stations.route.js';

export interface IngestAppOptions {
  infra?: InfraOptions | undefined;
  jwtSecret: string;
  settings: Partial<IngestSettings>;
  https?: { cert: string; key: string } | undefined;
  logger?: { level: string } | boolean | undefined;
}

export const SERVICE = { service: 'vhf-ingest', title: 'SVOM FSC — VHF ingest', description: 'Frames relayed by the VHF stations in (ICD-VHF v1), checked, decoded, de-duplicated packets out: durable in PostgreSQL (schema vhf) and on NATS JetStream (svom.vhf.>).' };

/** The VHF ingest app: never listens (server.ts does); `runtime` holds its timers, started by the caller. */
export type IngestApp = FastifyInstance & { runtime: IngestRuntime };

export async function buildIngestApp(options: IngestAppOptions): Promise<IngestApp> {
  const app = await createApp({
    ...SERVICE,
    infra: options.infra,
    jwtSecret: options.jwtSecret,
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? { level: 'info' },
    bodyLimit: 4 * 1024 * 1024,
    securitySchemes: { stationToken: { type: 'http', scheme: 'bearer', description: 'a station token (svom station add)' } },
  });
  const runtime = options.infra ? createRuntime(app, options.settings) : (undefined as unknown as IngestRuntime);
  app.decorate('runtime', runtime);
  await app.register(async (scope) => {
    await receptionsRoute(scope, runtime);
    await stationsRoute(scope, runtime);
    await packetsRoute(scope, runtime);
  });
  app.addHook('onClose', async () => runtime?.stop());
  return app as unknown as IngestApp;
}
