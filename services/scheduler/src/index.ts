// What the one-process `npm start`, the OpenAPI generator, the bench and the tests use of this service.
export { schedulerService } from './service.js';
export { buildSchedulerApp, SERVICE } from './app.js';
export type { SchedulerApp } from './app.js';
export { loadSchedulerConfig, SchedulerConfig } from './config.js';
export type { SchedulerSettings } from './plans/settings.js';
export { makePlan, prepareSky } from './planner/index.js';
