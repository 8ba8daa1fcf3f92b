import type { XmppNodes } from '@svom/contracts';
import { DurableConsumer, type ConsumerSettings } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { alertItems, type AlertItems } from '../publish/alert-items.js';
import { isPermanentXmppError } from '../publish/publish-alert.js';

export type AlertsConsumer = DurableConsumer<AlertItems>;

/** The gateway's durable consumer, shared by its replicas. */
export const CONSUMER_NAME = 'xmpp-gateway';

/**
 * The kit's durable consumer of everything alerts publishes (`svom.alerts.>`: NATS 2.9 takes one
 * filter a consumer): notices in both forms, and the burst states that carry Burst Advocate
 * actions. Decoding is `alertItems` (pure; a message it cannot read is a dead letter at once in
 * `xmpp.dead_letters`); the handler publishes and resolves once the XMPP server confirmed, so the
 * ack follows Prosody's answer. One message at a time, in stream order, as subscribers expect.
 */
export function createAlertsConsumer(
  app: FastifyInstance,
  nodes: XmppNodes,
  handle: (items: AlertItems) => Promise<void>,
  settings: ConsumerSettings,
): AlertsConsumer {
  return new DurableConsumer(app, {
    durable: CONSUMER_NAME,
    stream: 'ALERTS',
    filterSubject: app.subjects.alerts.all,
    batch: 16,
    settings,
    deadLetters: 'xmpp.dead_letters',
    decode: (m) => alertItems(m, app.subjects, nodes),
    handle,
    isPermanent: isPermanentXmppError,
  });
}
