import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { xmppNodesFor, type XmppNodes } from '@svom/contracts';
import type { FastifyInstance } from 'fastify';
import type { XmppGatewayConfig } from './config.js';
import { createAlertsConsumer, type AlertsConsumer } from './consumers/alerts.consumer.js';
import { GatewayMetrics } from './gateway.metrics.js';
import type { AlertItems } from './publish/alert-items.js';
import { publishAlert } from './publish/publish-alert.js';
import { XmppLink } from './xmpp/xmpp-link.js';

export type XmppGatewaySettings = Omit<
  XmppGatewayConfig,
  | 'HOST'
  | 'PORT'
  | 'DATABASE_URL'
  | 'NATS_URL'
  | 'NATS_PREFIX'
  | 'NATS_REPLICAS'
  | 'TLS_CERT'
  | 'TLS_KEY'
  | 'JWT_SECRET'
> &
  Partial<Pick<XmppGatewayConfig, 'NATS_PREFIX'>>;

/** What the gateway last published, for its status route. */
export interface LastPublished {
  kind: AlertItems['kind'];
  itemId: string;
  nodes: string[];
  at: string;
}

export interface XmppGatewayRuntime {
  link: XmppLink;
  nodes: XmppNodes;
  consumer: AlertsConsumer;
  metrics: GatewayMetrics;
  published: Record<'voevent' | 'json' | 'advocate', number>;
  last: LastPublished | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The XMPP password: the configured one, or in development one made once under DATA_DIR (npm start registers it). */
export function gatewayPassword(settings: Pick<XmppGatewaySettings, 'XMPP_PASSWORD' | 'DATA_DIR'>): string {
  if (settings.XMPP_PASSWORD) return settings.XMPP_PASSWORD;
  const file = join(settings.DATA_DIR, 'xmpp', 'gateway.password');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The CA file to trust: the configured one, or the development certificate npm start made, if there. */
export function gatewayCaFile(settings: Pick<XmppGatewaySettings, 'XMPP_CA' | 'DATA_DIR'>): string | undefined {
  if (settings.XMPP_CA) return settings.XMPP_CA;
  const file = join(settings.DATA_DIR, 'xmpp', 'tls', 'xmpp.crt');
  return existsSync(file) ? file : undefined;
}

export function createRuntime(app: FastifyInstance, settings: XmppGatewaySettings): XmppGatewayRuntime {
  const nodes = xmppNodesFor(app.natsPrefix);
  const link = new XmppLink(
    {
      service: settings.XMPP_SERVICE,
      domain: settings.XMPP_DOMAIN,
      username: settings.XMPP_USER,
      password: gatewayPassword(settings),
      resource: `gateway-${process.pid}`,
      caFile: gatewayCaFile(settings),
      timeoutMs: settings.XMPP_TIMEOUT_MS,
    },
    settings.XMPP_PUBSUB || `pubsub.${settings.XMPP_DOMAIN}`,
    {
      maxItems: settings.XMPP_MAX_ITEMS,
      standingNodes: [nodes.voevents, nodes.jsons],
      timeoutMs: settings.XMPP_TIMEOUT_MS,
      log: app.log,
    },
  );
  const metrics = new GatewayMetrics(app.metrics, () => link.online);
  const runtime: XmppGatewayRuntime = {
    link,
    nodes,
    metrics,
    published: { voevent: 0, json: 0, advocate: 0 },
    last: null,
    consumer: createAlertsConsumer(
      app,
      nodes,
      async (items) => {
        if (items.kind === 'none') return;
        const end = metrics.publishSeconds.startTimer();
        await publishAlert(items, link);
        end();
        runtime.published[items.kind]++;
        runtime.last = {
          kind: items.kind,
          itemId: items.itemId,
          nodes: items.publications.map((p) => p.node),
          at: new Date().toISOString(),
        };
        metrics.published.inc({ kind: items.kind });
      },
      settings,
    ),
    async start() {
      link.start();
      await runtime.consumer.start();
    },
    async stop() {
      await runtime.consumer.stop();
      await link.stop();
    },
  };
  app.addReadinessCheck('xmpp', async () => {
    if (!link.online) throw new Error(`not connected: ${link.lastError ?? 'connecting'}`);
  });
  return runtime;
}
