#!/usr/bin/env node
// Boots the VHF ingest service alone: `node services/vhf-ingest/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { vhfIngestService } from './service.js';

const { app, stop } = await runService({ module: vhfIngestService, config: vhfIngestService.loadConfig() });
stopOnSignals(stop, app.log);
