import { createHmac } from 'node:crypto';
import { createServiceApp, deadLettersRoute, type ServiceAppOptions } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { alarmsRoute } from './routes/alarms.route.js';
import { linksRoute } from './routes/links.route.js';
import { subscriptionsRoute } from './routes/subscriptions.route.js';
import { createRuntime, type NotifyRuntime, type NotifySettings } from './runtime.js';

export const SERVICE = {
  service: 'notify',
  title: 'SVOM FSC — notify',
  description:
    "People's subscriptions to the burst notices (svom.alerts.notice.>): email and webhooks (json, Slack), filters, visibility from their site, and operator alarms.",
  tags: {
    alarms: 'Operator alarms: station silent, dead letters, consumer lag, service not ready, stale outbox',
    'dead-letters': 'Notices and station events that could not be handled (operators)',
    links: 'The links sent by email: confirm an address, unsubscribe',
    subscriptions: "People's subscriptions to the notices (email, webhooks), their filters and deliveries",
  },
};

export type NotifyApp = FastifyInstance & { runtime: NotifyRuntime };

/** The key of the confirm/unsubscribe links, derived from the JWT key (nothing more to configure). */
export const linkKeyOf = (jwtSecret: string) => createHmac('sha256', jwtSecret).update('notify-links').digest('hex');

export interface NotifyAppOptions extends ServiceAppOptions<NotifySettings> {
  /** The instant visibility from a site is computed for: the wall clock by default (tests pin a night). */
  skyClock?: (() => Date) | undefined;
}

/** The notify app: never listens (server.ts does); `runtime` holds consumers and the sender, started by the caller. */
export async function buildNotifyApp(options: NotifyAppOptions): Promise<NotifyApp> {
  return createServiceApp(SERVICE, options, {
    runtime: (app) => createRuntime(app, options.settings, linkKeyOf(options.jwtSecret), options.skyClock),
    routes: [
      subscriptionsRoute,
      linksRoute,
      alarmsRoute,
      deadLettersRoute({ table: 'notify.dead_letters', tag: 'dead-letters', what: 'Notices and station events' }),
    ],
  });
}
