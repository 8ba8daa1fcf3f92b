import type { ServiceModule } from '@svom/service-kit';
import { buildFollowupApp, type FollowupApp } from './app.js';
import { loadFollowupConfig, type FollowupConfig } from './config.js';

/** The follow-up service as `server.ts`, `npm start` and the OpenAPI generator run it. */
export const followupService: ServiceModule<FollowupConfig> = {
  name: 'followup',
  loadConfig: loadFollowupConfig,
  // FOLLOWUP is ours to publish to; ALERTS is ensured too so the durable consumer can be made
  // even when follow-up starts before alerts (same configuration, so ensuring twice is harmless).
  streams: ['ALERTS', 'FOLLOWUP'],
  build: (context, config) => buildFollowupApp({ ...context, settings: config }),
  async start(app) {
    const { runtime } = app as FollowupApp;
    await runtime.start();
    return () => runtime.stop();
  },
};
