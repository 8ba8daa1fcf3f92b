import { DurableConsumer, type ConsumerSettings } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { readNotice, type ParsedNotice } from '../notices/notice-reader.js';

/** Applies one notice; throws on a transient fault (the notice is redelivered). */
export type NoticeHandler = (notice: ParsedNotice, streamSeq: number) => Promise<void>;

export type NoticeConsumer = DurableConsumer<ParsedNotice>;

/** Notices pulled at once, and in flight for all replicas: planning every facility takes < 1 s. */
const NOTICE_BATCH = 16;
const MAX_NOTICES_PENDING = 64;

/**
 * The kit's durable consumer of `svom.alerts.notice.>` around a notice handler. A notice that can
 * never be read is a dead letter at once (`FOLLOWUP_BAD_NOTICE`); a handler failure is naked with
 * the kit's backoff until `CONSUMER_MAX_DELIVER`, then it is a dead letter too (`GAVE_UP`).
 * Several replicas share the durable consumer; the handler is idempotent on the notice IVORN,
 * so a redelivery after a lost ack creates nothing twice. One notice at a time: notices of one
 * burst must be applied in order.
 */
export function createNoticeConsumer(
  app: FastifyInstance,
  handler: NoticeHandler,
  options: { durable: string; settings: ConsumerSettings },
): NoticeConsumer {
  return new DurableConsumer(app, {
    durable: options.durable,
    stream: 'ALERTS',
    filterSubject: app.subjects.alerts.notices,
    batch: NOTICE_BATCH,
    maxAckPending: MAX_NOTICES_PENDING,
    settings: options.settings,
    deadLetters: 'followup.dead_letters',
    decode: (m) => readNotice({ subject: m.subject, headers: m.header, data: m.data }),
    handle: (notice, m) => handler(notice, m.streamSeq),
  });
}
