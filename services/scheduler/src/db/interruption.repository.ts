import type { Kysely } from 'kysely';
import type { GpTables } from './tables.js';

export interface Interruption {
  burstId: string;
  triggerMs: number;
  raDeg: number;
  decDeg: number;
  removedFromMs: number;
  removedToMs: number;
  interruptedPlanId: string | null;
  newPlanId: string | null;
}

export async function getInterruption(db: Kysely<GpTables>, burstId: string): Promise<Interruption | undefined> {
  const r = await db.selectFrom('gp.interruptions').selectAll().where('burst_id', '=', burstId).executeTakeFirst();
  if (!r) return undefined;
  return {
    burstId: r.burst_id,
    triggerMs: new Date(r.trigger_time).getTime(),
    raDeg: r.ra_deg,
    decDeg: r.dec_deg,
    removedFromMs: new Date(r.removed_from).getTime(),
    removedToMs: new Date(r.removed_to).getTime(),
    interruptedPlanId: r.interrupted_plan_id,
    newPlanId: r.new_plan_id,
  };
}

/**
 * Records a burst's interruption, in the caller's transaction when it replaced a plan (with the
 * new plan and the messages); false when this burst was already handled (a repeated notice).
 */
export async function insertInterruption(trx: Kysely<GpTables>, i: Interruption): Promise<boolean> {
  const rows = await trx
    .insertInto('gp.interruptions')
    .values({
      burst_id: i.burstId,
      trigger_time: new Date(i.triggerMs),
      ra_deg: i.raDeg,
      dec_deg: i.decDeg,
      removed_from: new Date(i.removedFromMs),
      removed_to: new Date(i.removedToMs),
      interrupted_plan_id: i.interruptedPlanId,
      new_plan_id: i.newPlanId,
    })
    .onConflict((oc) => oc.column('burst_id').doNothing())
    .returning('burst_id')
    .execute();
  return rows.length === 1;
}
