// What the one-process `npm start`, the OpenAPI generator and the tests use of this service.
export { webService } from './service.js';
export { buildWebApp, SERVICE } from './app.js';
export type { WebApp, WebAppOptions, WebSettings } from './app.js';
export { loadWebConfig, WebConfig } from './config.js';
