import type { ServiceModule } from '@svom/service-kit';
import { buildNotifyApp, type NotifyApp } from './app.js';
import { loadNotifyConfig, type NotifyConfig } from './config.js';

/** The notify service as `server.ts`, `npm start` and the OpenAPI generator run it. */
export const notifyService: ServiceModule<NotifyConfig> = {
  name: 'notify',
  loadConfig: loadNotifyConfig,
  // Notify publishes nothing; ALERTS and VHF are ensured so its durable consumers can be made
  // even when it starts before their producers (same configuration: ensuring twice is harmless).
  streams: ['ALERTS', 'VHF'],
  build: (context, config) => buildNotifyApp({ ...context, settings: config }),
  async start(app) {
    const { runtime } = app as NotifyApp;
    // Said at every start, so nobody wonders where the mails went (or fears they left).
    app.log.warn(`notify: mail goes to ${runtime.mailer.description}`);
    await runtime.start();
    return () => runtime.stop();
  },
};
