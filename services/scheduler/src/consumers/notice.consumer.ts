/**
 * The kit's durable consumer of `svom.alerts.notice.>` (named CONSUMER_NAME, shared by every
 * copy of the service) around the interruption of the running plan by a slewing notice. Every
 * other notice is acknowledged and ignored; one that can never be handled is a dead letter in
 * `gp.dead_letters` (`INVALID_NOTICE`, or `GAVE_UP` after its last delivery). A new durable
 * consumer starts from now: past slewing notices must not interrupt today's plan.
 */
import { DurableConsumer, UnusableMessageError, type ConsumerSettings, type OutboxRow } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { interrupt, type InterruptionResult } from '../plans/interruption.service.js';
import type { PlanContext } from '../plans/plan.service.js';
import { decodeNotice, type Decoded } from './slewing-notice.js';

/** Notices pulled at once: a replan takes seconds and notices are few. */
const NOTICE_BATCH = 4;

type Usable = Exclude<Decoded, { kind: 'invalid' }>;

export type NoticeConsumer = DurableConsumer<Usable, InterruptionResult | undefined>;

export function createNoticeConsumer(
  app: FastifyInstance,
  options: {
    ctx: PlanContext;
    durable: string;
    settings: ConsumerSettings;
    /** Offers an interruption's committed messages to JetStream; what fails stays in the outbox. */
    publish(rows: OutboxRow[]): Promise<void>;
  },
): NoticeConsumer {
  return new DurableConsumer(app, {
    durable: options.durable,
    stream: 'ALERTS',
    filterSubject: app.subjects.alerts.notices,
    deliverPolicy: 'new',
    batch: NOTICE_BATCH,
    settings: options.settings,
    deadLetters: 'gp.dead_letters',
    decode: (m): Usable => {
      const decoded = decodeNotice(m.subject, { get: (name) => m.header(name) ?? '' }, m.data);
      if (decoded.kind === 'invalid') throw new UnusableMessageError('INVALID_NOTICE', decoded.why);
      return decoded;
    },
    handle: async (decoded) => (decoded.kind === 'slewing' ? interrupt(options.ctx, decoded.slewing) : undefined),
    // Committed: the notice is done whatever becomes of the publish (the outbox keeps it).
    afterAck: async (result) => {
      if (result?.outcome === 'replanned') await options.publish(result.outbox);
    },
  });
}
