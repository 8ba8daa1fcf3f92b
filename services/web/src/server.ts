#!/usr/bin/env node
// Boots the web dashboard alone: `node services/web/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { webService } from './service.js';

const { app, stop } = await runService({ module: webService, config: webService.loadConfig() });
stopOnSignals(stop, app.log);
