import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import type { FollowupConfig } from './config.js';
import { createNoticeConsumer, type NoticeConsumer } from './consumers/notice.consumer.js';
import { FollowupMetrics } from './followup.metrics.js';
import type { FollowupTables } from './db/tables.js';
import { applyNotice } from './notices/notice.service.js';
import { OutboxPublisher, type OutboxRow } from '@svom/service-kit';

export type FollowupSettings = Pick<
  FollowupConfig,
  | 'CONSUMER_ACK_WAIT_S'
  | 'CONSUMER_MAX_DELIVER'
  | 'CONSUMER_BACKOFF_MS'
  | 'CONSUMER_BACKOFF_MAX_MS'
  | 'WINDOW_SPAN_H'
  | 'MAX_WINDOW_DELAY_MIN'
  | 'MAX_BURST_AGE_H'
  | 'OUTBOX_RETRY_MS'
>;

/** Name of the durable consumer: the service's. */
export const CONSUMER_NAME = 'followup';

/** The service's long-lived parts, made once per app and shared by its routes and the consumer. */
export interface FollowupRuntime {
  db: Kysely<FollowupTables>;
  subjects: Subjects;
  publisher: OutboxPublisher;
  consumer: NoticeConsumer;
  metrics: FollowupMetrics;
  /** The clock planning uses: tests pin it to a chosen night. */
  now(): Date;
  /** Offers committed messages to JetStream now; what fails stays in the outbox for the drain. */
  publish(rows: OutboxRow[]): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime(
  app: FastifyInstance,
  settings: FollowupSettings,
  clock: () => Date = () => new Date(),
): FollowupRuntime {
  const db = app.db as Kysely<FollowupTables>;
  const publisher = new OutboxPublisher(db, app.nats, app.log, {
    table: 'followup.outbox',
    retryMs: settings.OUTBOX_RETRY_MS,
  });
  const publish = async (rows: OutboxRow[]) => void (await publisher.publish(rows));
  const metrics = new FollowupMetrics(app.metrics, () => publisher.pending());
  const options = {
    spanHours: settings.WINDOW_SPAN_H,
    maxDelayMinutes: settings.MAX_WINDOW_DELAY_MIN,
    maxBurstAgeHours: settings.MAX_BURST_AGE_H,
  };
  const consumer = createNoticeConsumer(
    app,
    async (notice, streamSeq) => {
      const outcome = await applyNotice(db, app.subjects, notice, clock(), { ...options, streamSeq });
      metrics.notices.inc({ outcome: outcome.duplicate ? 'duplicate' : 'applied' });
      if (outcome.duplicate) app.log.info({ notice: notice.key }, 'notice already handled: nothing to do');
      for (const action of outcome.plan?.actions ?? []) {
        metrics.decisions.inc({
          facility: action.facility.id,
          outcome: action.kind,
          reason:
            action.kind === 'none'
              ? action.reason
              : action.kind === 'update' && !action.assessment.observable
                ? action.assessment.reason
                : '',
        });
      }
      await publish(outcome.outbox);
    },
    { durable: CONSUMER_NAME, settings },
  );
  return {
    db,
    subjects: app.subjects,
    publisher,
    consumer,
    metrics,
    now: clock,
    publish,
    async start() {
      publisher.start();
      void publisher.drain();
      await consumer.start();
    },
    async stop() {
      await consumer.stop();
      await publisher.stop();
    },
  };
}
