import { createServiceApp, deadLettersRoute, type ServiceAppOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { advocatesRoute } from './routes/advocates.route.js';
import { statusRoute } from './routes/status.route.js';
import { createRuntime, type XmppGatewayRuntime, type XmppGatewaySettings } from './runtime.js';

export type XmppGatewayAppOptions = ServiceAppOptions<XmppGatewaySettings>;

export const SERVICE = {
  service: 'xmpp-gateway',
  title: 'SVOM FSC — XMPP gateway',
  description:
    'Publishes every notice of the ALERTS stream to XEP-0060 PubSub nodes of an XMPP server (Prosody): svom.alerts.voevent[.<name>] (VOEvent 2.0) and svom.alerts.json[.<name>] (XEP-0335 JSON), item id the IVORN fragment; Burst Advocate actions to the whitelist nodes svom.advocate.comments[.<action>].',
  tags: {
    advocates: 'The accounts that may read the Burst Advocate PubSub nodes',
    status: 'The XMPP session, the ALERTS consumer, what was published last, and what could not be handled',
  },
};

/** The gateway app: never listens (server.ts does); `runtime` holds the XMPP session and the consumer, started by the caller. */
export type XmppGatewayApp = FastifyInstance & { runtime: XmppGatewayRuntime };

export async function buildXmppGatewayApp(options: XmppGatewayAppOptions): Promise<XmppGatewayApp> {
  return createServiceApp(SERVICE, options, {
    runtime: (app) => createRuntime(app, options.settings),
    routes: [
      statusRoute,
      advocatesRoute,
      deadLettersRoute({ table: 'xmpp.dead_letters', tag: 'status', what: 'ALERTS messages' }),
    ],
  });
}
