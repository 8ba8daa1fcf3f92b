// What the one-process `npm start`, the OpenAPI generator and the tests use of this service.
export { buildIngestApp, SERVICE } from './app.js';
export { loadIngestConfig, IngestConfig } from './config.js';
