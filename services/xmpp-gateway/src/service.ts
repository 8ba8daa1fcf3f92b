import type { ServiceModule } from '@svom/service-kit';
import { buildXmppGatewayApp, type XmppGatewayApp } from './app.js';
import { loadXmppGatewayConfig, type XmppGatewayConfig } from './config.js';

/** The XMPP gateway as `server.ts`, `npm start` and the OpenAPI generator run it. */
export const xmppGatewayService: ServiceModule<XmppGatewayConfig> = {
  name: 'xmpp-gateway',
  loadConfig: loadXmppGatewayConfig,
  // ALERTS is ensured so the durable consumer can be made even when the gateway starts before alerts.
  streams: ['ALERTS'],
  build: (context, config) => buildXmppGatewayApp({ ...context, settings: config }),
  async start(app) {
    const { runtime } = app as XmppGatewayApp;
    await runtime.start();
    return () => runtime.stop();
  },
};
