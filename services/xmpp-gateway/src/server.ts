#!/usr/bin/env node
// Boots the XMPP gateway alone: `node services/xmpp-gateway/dist/server.js`.
import { runService, stopOnSignals } from '@svom/service-kit';
import { xmppGatewayService } from './service.js';

const { app, stop } = await runService({ module: xmppGatewayService, config: xmppGatewayService.loadConfig() });
stopOnSignals(stop, app.log);
