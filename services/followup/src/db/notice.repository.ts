import type { Kysely } from 'kysely';
import type { ParsedNotice } from '../notices/notice-reader.js';
import type { FollowupTables } from './tables.js';

// Every function takes the database or a transaction (a Transaction is a Kysely).
type Db = Kysely<FollowupTables>;

/**
 * Records a notice under its key; false when it was recorded before (a redelivered notice, which
 * then changes nothing).
 */
export async function insertNotice(trx: Db, notice: ParsedNotice, streamSeq: number | null): Promise<boolean> {
  const inserted = await trx
    .insertInto('followup.notices')
    .values({
      notice_key: notice.key,
      ivorn: notice.ivorn,
      burst_id: notice.burstId,
      notice_name: notice.name,
      packet_type: notice.packetType,
      instrument: notice.instrument,
      trigger_time: notice.triggerTime,
      ra_deg: notice.position?.raDeg ?? null,
      dec_deg: notice.position?.decDeg ?? null,
      error_radius_deg: notice.position?.errorRadiusDeg ?? null,
      stream_seq: streamSeq,
      payload: JSON.stringify(notice.payload),
    })
    .onConflict((oc) => oc.column('notice_key').doNothing())
    .returning('notice_key')
    .execute();
  return inserted.length > 0;
}

/** Marks a notice as the one that improved its burst's position. */
export async function markImprovedPosition(trx: Db, noticeKey: string): Promise<void> {
  await trx
    .updateTable('followup.notices')
    .set({ improved_position: true })
    .where('notice_key', '=', noticeKey)
    .execute();
}

/** A burst's notices as its timeline shows them. */
export async function noticesOfBurst(db: Db, burstId: string) {
  return db
    .selectFrom('followup.notices')
    .select([
      'notice_key',
      'ivorn',
      'notice_name',
      'packet_type',
      'ra_deg',
      'dec_deg',
      'error_radius_deg',
      'improved_position',
      'received_at',
    ])
    .where('burst_id', '=', burstId)
    .execute();
}
