/**
 * What the routes and the consumer share: the database, the orbit with its ephemeris cache, the
 * settings, the outbox publisher and the notice consumer, started by `service.ts` (tests start
 * them themselves).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { OutboxPublisher, type OutboxRow } from '@svom/service-kit';
import { createNoticeConsumer, type NoticeConsumer } from './consumers/notice.consumer.js';
import type { GpTables } from './db/tables.js';
import { Orbit } from './orbit/orbit.js';
import type { PlanContext } from './plans/plan.service.js';
import type { SchedulerSettings } from './plans/settings.js';
import { registerSchedulerMetrics } from './scheduler.metrics.js';

export interface SchedulerRuntime {
  db: Kysely<GpTables>;
  orbit: Orbit;
  settings: SchedulerSettings;
  /** Carries `gp.outbox` to JetStream: plans and interruptions are committed with their messages. */
  publisher: OutboxPublisher;
  planContext(log?: FastifyBaseLogger): PlanContext;
  /** Offers committed messages to JetStream now; what fails stays in the outbox for the drain. */
  publish(rows: OutboxRow[]): Promise<void>;
  /** Drains the outbox from now on, then starts the durable consumer of svom.alerts.notice.>; resolves once it is consuming. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime(app: FastifyInstance, settings: SchedulerSettings): SchedulerRuntime {
  const db = app.db as Kysely<GpTables>;
  const orbit = new Orbit(db);
  const publisher = new OutboxPublisher(db, app.nats, app.log, {
    table: 'gp.outbox',
    retryMs: settings.OUTBOX_RETRY_MS,
  });
  const publish = async (rows: OutboxRow[]) => void (await publisher.publish(rows));
  registerSchedulerMetrics(app.metrics, db, () => publisher.pending());
  let consumer: NoticeConsumer | undefined;
  const planContext = (log: FastifyBaseLogger = app.log): PlanContext => ({
    db,
    subjects: app.subjects,
    orbit,
    settings,
    log,
  });
  return {
    db,
    orbit,
    settings,
    publisher,
    planContext,
    publish,
    async start() {
      // Before the consumer, which may wait long for the ALERTS stream: what a crash left in
      // the outbox goes out now.
      publisher.start();
      void publisher.drain();
      consumer ??= createNoticeConsumer(app, {
        ctx: planContext(),
        durable: settings.CONSUMER_NAME,
        settings,
        publish,
      });
      await consumer.start();
    },
    async stop() {
      await consumer?.stop();
      consumer = undefined;
      await publisher.stop();
    },
  };
}
