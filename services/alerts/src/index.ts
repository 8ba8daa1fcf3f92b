// What the one-process `npm start`, the OpenAPI generator and the tests use of this service.
export { alertsService } from './service.js';
export { buildAlertsApp, SERVICE } from './app.js';
export type { AlertsApp, AlertsAppOptions } from './app.js';
export { loadAlertsConfig, AlertsConfig } from './config.js';
export { CONSUMER_NAME } from './runtime.js';
