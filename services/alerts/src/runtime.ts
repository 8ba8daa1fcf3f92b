import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AfterCommitWork, OutboxPublisher, ReadinessFailure, scrapeGauge } from '@svom/service-kit';
import { AlertsMetrics } from './alerts.metrics.js';
import type { AlertsConfig } from './config.js';
import { listSetting } from './config.js';
import { createPacketConsumer, type PacketConsumer } from './consumers/packet.consumer.js';
import type { AlertsTables } from './db/tables.js';
import { Heartbeat } from './publish/heartbeat.js';
import { NoticeFeed } from './publish/notice.feed.js';
import { VtpEventStore } from './vtp/vtp-event.store.js';
import { VtpGateway } from './vtp/vtp.gateway.js';
import { expireOrphanPackets } from './bursts/orphan-packets.js';

export type AlertsSettings = Pick<
  AlertsConfig,
  | 'VTP_HOST'
  | 'VTP_SUBSCRIBER_PORT'
  | 'VTP_AUTHOR_PORT'
  | 'VTP_SUBSCRIBERS'
  | 'VTP_AUTHORS'
  | 'VTP_IVORN'
  | 'VTP_IAMALIVE_S'
  | 'CONSUMER_ACK_WAIT_S'
  | 'CONSUMER_MAX_DELIVER'
  | 'CONSUMER_BACKOFF_MS'
  | 'CONSUMER_BACKOFF_MAX_MS'
  | 'HEARTBEAT_MS'
  | 'OUTBOX_RETRY_MS'
  | 'PENDING_EXPIRY_H'
> &
  Partial<Pick<AlertsConfig, 'VTP_FILTERS_FILE' | VtpLimitSetting>>;

/** The VTP limits: optional here, the library's defaults (the config's too) apply when absent. */
type VtpLimitSetting =
  | 'VTP_MAX_SUBSCRIBERS'
  | 'VTP_MAX_SUBSCRIBERS_PER_ADDRESS'
  | 'VTP_MAX_AUTHOR_CONNECTIONS'
  | 'VTP_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS'
  | 'VTP_FRAME_DEADLINE_MS'
  | 'VTP_MAX_EVENT_BYTES'
  | 'VTP_AUTHOR_RATE_PER_S'
  | 'VTP_AUTHOR_BURST';

export { CONSUMER_NAME } from './consumers/packet.consumer.js';

/** The alerts service's long-lived parts, made once per app, started by `start()`. */
export interface AlertsRuntime {
  db: Kysely<AlertsTables>;
  publisher: OutboxPublisher;
  consumer: PacketConsumer;
  feed: NoticeFeed;
  vtp: VtpGateway;
  heartbeat: Heartbeat;
  metrics: AlertsMetrics;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime(app: FastifyInstance, settings: AlertsSettings): AlertsRuntime {
  const db = app.db as Kysely<AlertsTables>;
  const publisher = new OutboxPublisher(db, app.nats, app.log, {
    table: 'alerts.outbox',
    headers: true,
    retryMs: settings.OUTBOX_RETRY_MS,
  });
  const consumer = createPacketConsumer(
    app,
    settings,
    // Not awaited: the notices are committed with their outbox rows, and they leave in call
    // order; waiting for their acks and the rows' delete would hold the next packet of a burst.
    async (result) => {
      metrics.packets.inc({ outcome: result.outcome });
      void publisher.publish(result.outbox);
    },
  );
  const feed = new NoticeFeed(app.nats, app.subjects);
  // The VTP authors' events are acknowledged at commit; offering them to JetStream follows.
  const afterCommit = new AfterCommitWork(32, (error) => app.log.warn({ err: error }, 'post-commit work failed'), {
    registry: app.metrics,
    work: 'vtp-events-outbox',
  });
  const store = new VtpEventStore(db, app.subjects, (rows) => publisher.publish(rows), afterCommit);
  const vtp = new VtpGateway(
    { nc: app.nats, js: app.js, jsm: app.jsm, prefix: app.natsPrefix, subjects: app.subjects },
    store,
    {
      host: settings.VTP_HOST,
      subscriberPort: settings.VTP_SUBSCRIBER_PORT,
      authorPort: settings.VTP_AUTHOR_PORT,
      subscribers: listSetting(settings.VTP_SUBSCRIBERS),
      authors: listSetting(settings.VTP_AUTHORS),
      localIvorn: settings.VTP_IVORN,
      iamaliveIntervalMs: settings.VTP_IAMALIVE_S * 1000,
      filtersFile: settings.VTP_FILTERS_FILE,
      limits: {
        maxSubscribers: settings.VTP_MAX_SUBSCRIBERS,
        maxSubscribersPerAddress: settings.VTP_MAX_SUBSCRIBERS_PER_ADDRESS,
        maxAuthorConnections: settings.VTP_MAX_AUTHOR_CONNECTIONS,
        maxAuthorConnectionsPerAddress: settings.VTP_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS,
        frameDeadlineMs: settings.VTP_FRAME_DEADLINE_MS,
        maxEventBytes: settings.VTP_MAX_EVENT_BYTES,
        authorRatePerS: settings.VTP_AUTHOR_RATE_PER_S,
        authorBurst: settings.VTP_AUTHOR_BURST,
      },
    },
    app.log.child({ component: 'vtp' }),
  );
  app.addReadinessCheck('vtp relay', async () => {
    if (!vtp.relaying) throw new ReadinessFailure('not relaying');
  });
  const metrics: AlertsMetrics = new AlertsMetrics(app.metrics, {
    db,
    broker: () => vtp.broker.stats(),
    receiver: () => vtp.receiver.stats(),
    gateway: () => vtp.stats(),
    outboxPending: () => publisher.pending(),
  });
  const heartbeat = new Heartbeat(
    app.nats,
    app.subjects,
    settings.HEARTBEAT_MS,
    () => ({ lastNoticeAt: feed.lastNoticeAt, vtpSubscribers: vtp.broker.stats().subscribers }),
    app.log,
  );
  scrapeGauge(app.metrics, {
    name: 'alerts_heartbeats_failed',
    help: 'heartbeats this instance could not send (NATS away or draining) since it started',
    read: async () => heartbeat.failed,
  });
  let orphanTimer: NodeJS.Timeout | undefined;
  const expireOrphans = () =>
    expireOrphanPackets(db, app.subjects, settings.PENDING_EXPIRY_H ?? 24)
      .then((n) => n && app.log.warn({ packets: n }, 'packets whose ECLAIRs alert never came: dead-lettered'))
      .catch((error) => app.log.warn({ err: error }, 'orphan packet sweep failed'));
  return {
    db,
    publisher,
    consumer,
    feed,
    vtp,
    heartbeat,
    metrics,
    async start() {
      orphanTimer ??= setInterval(() => void expireOrphans(), 10 * 60_000);
      orphanTimer.unref();
      feed.start();
      await vtp.start();
      publisher.start();
      void publisher.drain();
      await consumer.start();
      heartbeat.start();
    },
    async stop() {
      clearInterval(orphanTimer);
      orphanTimer = undefined;
      heartbeat.stop();
      await consumer.stop();
      await vtp.stop();
      feed.stop();
      await afterCommit.settled();
      await publisher.stop();
    },
  };
}
