import type { ServiceModule } from '@svom/service-kit';
import { buildSchedulerApp, type SchedulerApp } from './app.js';
import { loadSchedulerConfig, type SchedulerConfig } from './config.js';

/** The scheduler as `server.ts`, `npm start` and the OpenAPI generator run it. */
export const schedulerService: ServiceModule<SchedulerConfig> = {
  name: 'scheduler',
  loadConfig: loadSchedulerConfig,
  streams: ['PLAN'],
  build: (context, config) => buildSchedulerApp({ ...context, settings: config }),
  async start(app) {
    const { runtime } = app as SchedulerApp;
    // Not awaited: the consumer waits for the ALERTS stream (alerts may start later).
    void runtime.start();
    return () => runtime.stop();
  },
};
