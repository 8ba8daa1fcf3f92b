// What the one-process `npm start`, the OpenAPI generator and the tests use of this service.
export { notifyService } from './service.js';
export { buildNotifyApp, SERVICE } from './app.js';
export type { NotifyApp } from './app.js';
export { loadNotifyConfig, NotifyConfig } from './config.js';
export { signature } from './delivery/webhook.sender.js';
export { siteVisibility } from './visibility/site-visibility.js';
export type { Visibility } from './visibility/site-visibility.js';
