import { DurableConsumer, type ConsumerDeps, type ConsumerSettings } from '@svom/service-kit';
import type { Kysely } from 'kysely';
import type { NotifyTables } from '../db/tables.js';
import { burstHistory, insertNoticeDeliveries } from '../db/delivery.repository.js';
import { planNoticeDeliveries, type PlanOptions } from '../delivery/plan-deliveries.js';
import { readNotice, type Notice } from '../notices/notice.js';
import { listSubscriptions } from '../db/subscription.repository.js';

/**
 * Writes a notice's deliveries: who gets it is planned by the pure `planNoticeDeliveries`, the
 * rows go in one statement keyed by (subscription, notice), so a redelivered notice writes
 * nothing new and acknowledging after this gives one delivery per subscription and notice.
 */
export async function handleNotice(
  db: Kysely<NotifyTables>,
  notice: Notice,
  streamSeq: number,
  options: PlanOptions,
  now = new Date(),
): Promise<number> {
  const [subscriptions, history] = await Promise.all([
    listSubscriptions(db, { status: 'active' }),
    burstHistory(db, notice.burstId),
  ]);
  const planned = planNoticeDeliveries(notice, subscriptions, history, now, options);
  return insertNoticeDeliveries(db, planned, streamSeq);
}

/**
 * The kit's durable consumer `notify` of `svom.alerts.notice.>`: a notice that cannot be read is a
 * dead letter at once (notify.dead_letters); the sender is woken once the deliveries are written.
 */
export function noticeConsumer(
  deps: ConsumerDeps & { subjects: { alerts: { notices: string } } },
  settings: ConsumerSettings,
  options: Omit<PlanOptions, 'skyAt'> & { skyClock(): Date; onPlanned(count: number): void },
): DurableConsumer<Notice, number> {
  const db = deps.db as Kysely<NotifyTables>;
  return new DurableConsumer<Notice, number>(deps, {
    durable: 'notify',
    stream: 'ALERTS',
    filterSubject: deps.subjects.alerts.notices,
    settings,
    deadLetters: 'notify.dead_letters',
    decode: (raw) => readNotice({ subject: raw.subject, headers: raw.header, data: raw.data }),
    // The kit hands messages over one at a time, in stream order: a burst's updates are
    // collapsed in the order they came.
    handle: (notice, raw) => handleNotice(db, notice, raw.streamSeq, { ...options, skyAt: options.skyClock() }),
    afterAck: (count) => options.onPlanned(count),
  });
}
