#!/usr/bin/env node
// Boots the alerts service alone: `node services/alerts/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { alertsService } from './service.js';

const { app, stop } = await runService({ module: alertsService, config: alertsService.loadConfig() });
stopOnSignals(stop, app.log);
