#!/usr/bin/env node
// Boots the follow-up service alone: `node services/followup/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { followupService } from './service.js';

const { app, stop } = await runService({ module: followupService, config: followupService.loadConfig() });
stopOnSignals(stop, app.log);
