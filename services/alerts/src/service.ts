import type { ServiceModule } from '@svom/service-kit';
import { buildAlertsApp, type AlertsApp } from './app.js';
import { loadAlertsConfig, type AlertsConfig } from './config.js';

/** The alerts service as `server.ts`, `npm start` and the OpenAPI generator run it. */
export const alertsService: ServiceModule<AlertsConfig> = {
  name: 'alerts',
  loadConfig: loadAlertsConfig,
  streams: ['VHF', 'ALERTS', 'NOTICES'],
  build: (context, config) => buildAlertsApp({ ...context, settings: config }),
  async start(app) {
    const { runtime } = app as AlertsApp;
    await runtime.start();
    return () => runtime.stop();
  },
};
