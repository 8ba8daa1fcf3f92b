import type { Selectable } from 'kysely';
import type { SvomNotice } from '@svom/voevent';
import type { Db } from './burst.repository.js';
import type { AlertsTables } from './tables.js';

export type NoticeRow = Selectable<AlertsTables['alerts.notices']>;

/** A burst's notices in issue order. */
export async function noticesOfBurst(db: Db, burstId: string): Promise<NoticeRow[]> {
  return db.selectFrom('alerts.notices').selectAll().where('burst_id', '=', burstId).orderBy('seq').execute();
}

/** One notice by its id (`sb26031401_slewing`) or its IVORN. */
export async function findNotice(db: Db, id: string): Promise<NoticeRow | undefined> {
  return db
    .selectFrom('alerts.notices')
    .selectAll()
    .where((eb) => eb.or([eb('notice_id', '=', id), eb('ivorn', '=', id)]))
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
}

/** Notices issued at or after `since`, oldest first, after the sequence number `afterSeq`. */
export async function noticesSince(
  db: Db,
  q: { since?: string | undefined; afterSeq?: number | undefined; limit: number },
): Promise<NoticeRow[]> {
  let query = db.selectFrom('alerts.notices').selectAll();
  if (q.since) query = query.where('issued_at', '>=', new Date(q.since));
  if (q.afterSeq !== undefined) query = query.where('seq', '>', String(q.afterSeq));
  return query.orderBy('seq').limit(q.limit).execute();
}

/** The sequence number of the notice published under `msgId` (an SSE client's Last-Event-ID). */
export async function noticeSeqByMsgId(db: Db, msgId: string): Promise<number | undefined> {
  const row = await db.selectFrom('alerts.notices').select('seq').where('msg_id', '=', msgId).executeTakeFirst();
  return row ? Number(row.seq) : undefined;
}

/** The notice as it was built (the input of the notice builder). */
export const noticeInput = (row: NoticeRow) => row.input as SvomNotice;
