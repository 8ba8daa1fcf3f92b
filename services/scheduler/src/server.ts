#!/usr/bin/env node
// Boots the scheduler alone: `node services/scheduler/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { schedulerService } from './service.js';

const { app, stop } = await runService({ module: schedulerService, config: schedulerService.loadConfig() });
stopOnSignals(stop, app.log);
