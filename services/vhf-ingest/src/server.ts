#!/usr/bin/env node
// Boots the VHF ingest service alone: `node services/vhf-ingest/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { buildIngestApp } from './app.js';
import { loadIngestConfig } from './config.js';

const config = loadIngestConfig();
const { app, stop } = await runService({
  name: 'vhf-ingest',
  port: config.PORT,
  config,
  streams: ['VHF'],
  build: (context) => buildIngestApp({ ...context, settings: config }),
  start: async (app) => {
    const runtime = (app as Awaited<ReturnType<typeof buildIngestApp>>).runtime;
    runtime.start();
    return () => runtime.stop();
  },
});
stopOnSignals(stop, app.log);
