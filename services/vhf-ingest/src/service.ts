import type { ServiceModule } from '@svom/service-kit';
import { buildIngestApp, type IngestApp } from './app.js';
import { loadIngestConfig, type IngestConfig } from './config.js';

/** The VHF ingest as `server.ts`, `npm start` and the OpenAPI generator run it. */
export const vhfIngestService: ServiceModule<IngestConfig> = {
  name: 'vhf-ingest',
  loadConfig: loadIngestConfig,
  streams: ['VHF'],
  build: (context, config) => buildIngestApp({ ...context, settings: config }),
  async start(app) {
    const { runtime } = app as IngestApp;
    runtime.start();
    return () => runtime.stop();
  },
};
