import type { StationHealthMessage } from '@svom/contracts';
import type { DurableConsumer } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Watchdog } from './alarms/watchdog.js';
import type { NotifyConfig } from './config.js';
import { noticeConsumer } from './consumers/notice.consumer.js';
import { stationConsumer } from './consumers/station.consumer.js';
import type { NotifyTables } from './db/tables.js';
import { DeliveryWorker } from './delivery/delivery.worker.js';
import { webhookTargetPolicy, type WebhookTargetPolicy } from './delivery/webhook-target.js';
import { WebhookSender } from './delivery/webhook.sender.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import type { Notice } from './notices/notice.js';
import { NotifyMetrics } from './notify.metrics.js';

export type NotifySettings = Pick<
  NotifyConfig,
  | 'PUBLIC_URL'
  | 'SMTP_URL'
  | 'MAIL_DIR'
  | 'DATA_DIR'
  | 'MAIL_FROM'
  | 'WEBHOOK_TIMEOUT_MS'
  | 'RETRY_BASE_MS'
  | 'RETRY_MAX_DELAY_MS'
  | 'RETRY_FOR_S'
  | 'COLLAPSE_S'
  | 'DELIVERY_POLL_MS'
  | 'DELIVERY_CONCURRENCY'
  | 'WINDOW_SPAN_H'
  | 'CONSUMER_ACK_WAIT_S'
  | 'CONSUMER_MAX_DELIVER'
  | 'CONSUMER_BACKOFF_MS'
  | 'CONSUMER_BACKOFF_MAX_MS'
  | 'ALARM_POLL_MS'
  | 'ALARM_LAG_S'
  | 'ALARM_NOT_READY_S'
  | 'ALARM_OUTBOX_S'
  | 'WATCH_READY_URLS'
  | 'WEBHOOK_ALLOW_PRIVATE'
  | 'WEBHOOK_ALLOWED_CIDRS'
  | 'WEBHOOK_HTTPS_ONLY'
>;

/** The service's long-lived parts, made once per app and shared by its routes. */
export interface NotifyRuntime {
  db: Kysely<NotifyTables>;
  settings: NotifySettings;
  mailer: Mailer;
  worker: DeliveryWorker;
  notices: DurableConsumer<Notice, number>;
  stations: DurableConsumer<StationHealthMessage>;
  watchdog: Watchdog;
  metrics: NotifyMetrics;
  /** Where webhooks may point: checked when a subscription is made and on every connection. */
  webhookPolicy: WebhookTargetPolicy;
  /** The key of the links in emails (confirm, unsubscribe). */
  linkKey: string;
  /** The instant visibility is computed for (the wall clock; tests pin a night). */
  skyClock(): Date;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime(
  app: FastifyInstance,
  settings: NotifySettings,
  linkKey: string,
  skyClock: () => Date = () => new Date(),
): NotifyRuntime {
  const db = app.db as Kysely<NotifyTables>;
  const metrics = new NotifyMetrics(app.metrics);
  const mailer = createMailer({
    smtpUrl: settings.SMTP_URL,
    mailDir: settings.MAIL_DIR ?? `${settings.DATA_DIR}/mail`,
    from: settings.MAIL_FROM,
  });
  const webhookPolicy = webhookTargetPolicy(settings);
  const webhooks = new WebhookSender(webhookPolicy);
  const worker = new DeliveryWorker({
    db,
    mailer,
    webhooks,
    log: app.log,
    linkKey,
    settings,
    onOutcome: (kind, outcome) => metrics.outcomes.inc({ kind, outcome }),
  });
  const notices = noticeConsumer(app, settings, {
    spanHours: settings.WINDOW_SPAN_H,
    collapseS: settings.COLLAPSE_S,
    skyClock,
    onPlanned: (n) => {
      metrics.planned.inc(n);
      if (n > 0) worker.poke();
    },
  });
  const stations = stationConsumer(app, settings, () => worker.poke());
  const watchdog = new Watchdog({ db, jsm: app.jsm, prefix: app.natsPrefix, log: app.log, settings });
  return {
    db,
    settings,
    mailer,
    worker,
    notices,
    stations,
    watchdog,
    metrics,
    webhookPolicy,
    linkKey,
    skyClock,
    async start() {
      worker.start();
      await notices.start();
      await stations.start();
      watchdog.start();
    },
    async stop() {
      await watchdog.stop();
      await notices.stop();
      await stations.stop();
      await worker.stop();
      webhooks.close();
      mailer.close();
    },
  };
}
