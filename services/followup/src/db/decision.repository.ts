import type { Kysely } from 'kysely';
import type { FollowupTables } from './tables.js';

// Every function takes the database or a transaction (a Transaction is a Kysely).
type Db = Kysely<FollowupTables>;

/** Why a notice did (or did not) make a facility's request change: one row per facility and notice. */
export interface Decision {
  noticeKey: string;
  burstId: string;
  facilityId: string;
  outcome: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export async function insertDecision(trx: Db, d: Decision): Promise<void> {
  await trx
    .insertInto('followup.decisions')
    .values({
      notice_key: d.noticeKey,
      burst_id: d.burstId,
      facility_id: d.facilityId,
      outcome: d.outcome,
      reason: d.reason,
      details: JSON.stringify(d.details),
    })
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
