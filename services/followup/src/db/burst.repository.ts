import type { Kysely } from 'kysely';
import type { FollowupTables } from './tables.js';

type Db = Kysely<FollowupTables>;

export async function findBurst(db: Db, burstId: string) {
  return db.selectFrom('followup.bursts').selectAll().where('burst_id', '=', burstId).executeTakeFirst();
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

/** Why facilities got no request for a burst, in decision order. */
export async function noRequestDecisions(db: Db, burstId: string) {
  return db
    .selectFrom('followup.decisions')
    .selectAll()
    .where('burst_id', '=', burstId)
    .where('outcome', '=', 'none')
    .orderBy('id')
    .execute();
}
