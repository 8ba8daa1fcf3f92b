// What the one-process `npm start`, the OpenAPI generator and the tests use of this service.
export { vhfIngestService } from './service.js';
export { buildIngestApp, SERVICE } from './app.js';
export type { IngestApp } from './app.js';
export { loadIngestConfig, IngestConfig } from './config.js';
