/**
 * What the routes and the consumer share: the database, the orbit with its ephemeris cache, the
 * settings, and the notice consumer, started by `service.ts` (tests start it themselves).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { startNoticeConsumer } from './consumers/notice.consumer.js';
import type { GpTables } from './db/tables.js';
import { Orbit } from './orbit/orbit.js';
import type { PlanContext } from './plans/plan.service.js';
import { republishPending } from './plans/plan.republisher.js';
import type { SchedulerSettings } from './plans/settings.js';

export interface SchedulerRuntime {
  db: Kysely<GpTables>;
  orbit: Orbit;
  settings: SchedulerSettings;
  planContext(log?: FastifyBaseLogger): PlanContext;
  /** Starts the durable consumer of svom.alerts.notice.>; resolves once it is consuming. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime(app: FastifyInstance, settings: SchedulerSettings): SchedulerRuntime {
  const db = app.db as Kysely<GpTables>;
  const orbit = new Orbit(db);
  let consumer: ReturnType<typeof startNoticeConsumer> | undefined;
  let republisher: NodeJS.Timeout | undefined;
  const planContext = (log: FastifyBaseLogger = app.log): PlanContext => ({ db, js: app.js, subjects: app.subjects, orbit, settings, log });
  return {
    db,
    orbit,
    settings,
    planContext,
    async start() {
      consumer ??= startNoticeConsumer({ ctx: planContext(), jsm: app.jsm, js: app.js, prefix: app.natsPrefix, subjects: app.subjects, durable: settings.CONSUMER_NAME, log: app.log });
      await consumer.ready;
      republisher ??= setInterval(() => {
        republishPending(planContext()).catch((error) => app.log.warn({ err: error }, 'plans still unpublished; retrying'));
      }, 5000);
      republisher.unref();
    },
    async stop() {
      clearInterval(republisher);
      republisher = undefined;
      await consumer?.stop();
      consumer = undefined;
    },
  };
}
