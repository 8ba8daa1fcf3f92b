import type { Kysely } from 'kysely';
import type { NotifyTables } from '../db/tables.js';
import { burstHistory, insertNoticeDeliveries } from '../delivery/delivery.repository.js';
import { planNoticeDeliveries, type PlanOptions } from '../delivery/plan-deliveries.js';
import { NoticeError, readNotice } from '../notices/notice.js';
import { listSubscriptions } from '../subscriptions/subscription.repository.js';
import { PermanentError, type Envelope } from './jetstream.consumer.js';

/**
 * A notice from ALERTS: read it, plan who gets it (pure), write the deliveries in one statement
 * keyed by (subscription, notice). A redelivered notice writes nothing new, so acknowledging
 * after this is enough for exactly one delivery per subscription and notice.
 */
export function noticeHandler(
  db: Kysely<NotifyTables>,
  options: PlanOptions & { now?: () => Date; onPlanned?: (count: number) => void },
) {
  return async (envelope: Envelope): Promise<void> => {
    let notice: ReturnType<typeof readNotice>;
    try {
      notice = readNotice(envelope);
    } catch (error) {
      if (error instanceof NoticeError) throw new PermanentError(`${error.code}: ${error.message}`);
      throw error;
    }
    const [subscriptions, history] = await Promise.all([
      listSubscriptions(db, { status: 'active' }),
      burstHistory(db, notice.burstId),
    ]);
    const planned = planNoticeDeliveries(notice, subscriptions, history, options.now?.() ?? new Date(), options);
    const inserted = await insertNoticeDeliveries(db, planned, envelope.streamSeq);
    options.onPlanned?.(inserted);
  };
}
