#!/usr/bin/env node
// Boots the notify service alone: `node services/notify/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { notifyService } from './service.js';

const { app, stop } = await runService({ module: notifyService, config: notifyService.loadConfig() });
stopOnSignals(stop, app.log);
