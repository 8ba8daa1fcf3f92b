import { readFileSync } from 'node:fs';
import type { ServiceModule } from '@svom/service-kit';
import { buildWebApp } from './app.js';
import { loadWebConfig, type WebConfig } from './config.js';

/** The dashboard as `server.ts`, `npm start` and the OpenAPI generator run it. */
export const webService: ServiceModule<WebConfig> = {
  name: 'web',
  loadConfig: loadWebConfig,
  // It publishes nothing: it only listens to core subjects.
  streams: [],
  build: (context, config) =>
    buildWebApp({
      ...context,
      settings: config,
      upstreamCa: config.UPSTREAM_CA ? readFileSync(config.UPSTREAM_CA, 'utf8') : undefined,
    }),
};
