import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { BurstPosition } from '../planning/plan-notice.js';
import type { FollowupTables } from './tables.js';

// Every function takes the database or a transaction (a Transaction is a Kysely).
type Db = Kysely<FollowupTables>;
type BurstRow = Selectable<FollowupTables['followup.bursts']>;

/** The burst's position as it stands, null until a notice gave one. */
export function burstPosition(row: BurstRow): BurstPosition | null {
  return row.ra_deg !== null && row.dec_deg !== null && row.position_ivorn
    ? { raDeg: row.ra_deg, decDeg: row.dec_deg, errorRadiusDeg: row.error_radius_deg, ivorn: row.position_ivorn }
    : null;
}

export async function findBurst(db: Db, burstId: string) {
  return db.selectFrom('followup.bursts').selectAll().where('burst_id', '=', burstId).executeTakeFirst();
}

/** Creates the burst row of a first notice; nothing when it exists. */
export async function ensureBurst(trx: Db, burstId: string, triggerTime: string | null): Promise<void> {
  await trx
    .insertInto('followup.bursts')
    .values({ burst_id: burstId, trigger_time: triggerTime })
    .onConflict((oc) => oc.column('burst_id').doNothing())
    .execute();
}

/** Locks a burst's row until the transaction ends (its notices are applied one after the other); answers it. */
export async function lockBurst(trx: Db, burstId: string) {
  return trx
    .selectFrom('followup.bursts')
    .selectAll()
    .where('burst_id', '=', burstId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Writes a burst's trigger time, position and retraction as a notice's plan left them. */
export async function updateBurst(
  trx: Db,
  burstId: string,
  state: Pick<
    Updateable<FollowupTables['followup.bursts']>,
    'trigger_time' | 'ra_deg' | 'dec_deg' | 'error_radius_deg' | 'position_ivorn' | 'retracted_at'
  >,
): Promise<void> {
  await trx
    .updateTable('followup.bursts')
    .set({ ...state, updated_at: sql`now()` })
    .where('burst_id', '=', burstId)
    .execute();
}

/** A burst's trigger time (ISO), null when unknown or when there is no such burst. */
export async function burstTriggerTime(db: Db, burstId: string): Promise<string | null> {
  const burst = await db
    .selectFrom('followup.bursts')
    .select('trigger_time')
    .where('burst_id', '=', burstId)
    .executeTakeFirst();
  return burst?.trigger_time ? new Date(burst.trigger_time).toISOString() : null;
}
