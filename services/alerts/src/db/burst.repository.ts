import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AlertsTables } from './tables.js';

export type Db = Kysely<AlertsTables> | Transaction<AlertsTables>;
export type BurstRow = Selectable<AlertsTables['alerts.bursts']>;

/** Two triggers this close in time are one burst (ICD-VHF section 7). */
export const SAME_BURST_WINDOW_S = 10;

// One lock key for all burst making: matching a GRM trigger with an ECLAIRs alert, and ranking
// bursts within a day, must see every other instance's bursts, so they are serialised.
const BURST_LOCK_KEY = 7_420_230;

/** Serialises burst making across every instance until the transaction ends. */
export async function lockBursts(trx: Transaction<AlertsTables>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${BURST_LOCK_KEY})`.execute(trx);
}

export async function findBurst(db: Db, burstId: string): Promise<BurstRow | undefined> {
  return db.selectFrom('alerts.bursts').selectAll().where('burst_id', '=', burstId).executeTakeFirst();
}

export async function findBurstByAlertSequence(db: Db, alertSequenceId: number): Promise<BurstRow | undefined> {
  return db
    .selectFrom('alerts.bursts')
    .selectAll()
    .where('alert_sequence_id', '=', String(alertSequenceId))
    .executeTakeFirst();
}

/**
 * A burst that a trigger of the other instrument joins: its own instrument has not triggered
 * yet and its trigger time is within 10 s; the closest one wins.
 */
export async function findJoinableBurst(db: Db, t0: string, joining: 'ECLAIRs' | 'GRM'): Promise<BurstRow | undefined> {
  const [mine, theirs] =
    joining === 'ECLAIRs' ? (['eclairs_t0', 'grm_t0'] as const) : (['grm_t0', 'eclairs_t0'] as const);
  const at = new Date(t0);
  const from = new Date(at.getTime() - SAME_BURST_WINDOW_S * 1000);
  const to = new Date(at.getTime() + SAME_BURST_WINDOW_S * 1000);
  return db
    .selectFrom('alerts.bursts')
    .selectAll()
    .where(mine, 'is', null)
    .where(theirs, '>=', from)
    .where(theirs, '<=', to)
    .orderBy(sql`abs(extract(epoch from ${sql.ref(theirs)}) - ${at.getTime() / 1000})`)
    .orderBy('burst_id')
    .limit(1)
    .executeTakeFirst();
}

/** `sb` + YYMMDD (UTC) + two-digit rank. */
function burstIdOf(t0: string, rank: number): string {
  if (rank < 1 || rank > 99) throw new RangeError(`burst rank ${rank} does not fit two digits`);
  return `sb${t0.slice(2, 4)}${t0.slice(5, 7)}${t0.slice(8, 10)}${String(rank).padStart(2, '0')}`;
}

/** A new burst, ranked after that UTC day's others; call under {@link lockBursts}. */
export async function createBurst(trx: Transaction<AlertsTables>, t0: string, state: unknown): Promise<BurstRow> {
  const day = new Date(t0).toISOString().slice(0, 10);
  const last = await trx
    .selectFrom('alerts.bursts')
    .select((eb) => eb.fn.max('day_rank').as('rank'))
    .where('burst_date', '=', day)
    .executeTakeFirst();
  const rank = Number(last?.rank ?? 0) + 1;
  const burstId = burstIdOf(new Date(t0).toISOString(), rank);
  return trx
    .insertInto('alerts.bursts')
    .values({
      burst_id: burstId,
      burst_date: day,
      day_rank: rank,
      t0,
      state: JSON.stringify(state),
      instruments: [],
      version: 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function timelineOf(db: Db, burstId: string) {
  const rows = await db
    .selectFrom('alerts.timeline')
    .selectAll()
    .where('burst_id', '=', burstId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    detail: r.detail as Record<string, unknown>,
  }));
}

export interface BurstQuery {
  since?: string | undefined;
  until?: string | undefined;
  instrument?: string | undefined;
  status?: string | undefined;
  limit: number;
  after?: { t0: string; burstId: string } | undefined;
}

/** Bursts newest first by T0, keyset-paginated on (T0, Burst_Id). */
export async function findBursts(db: Db, q: BurstQuery): Promise<BurstRow[]> {
  let query = db.selectFrom('alerts.bursts').selectAll();
  if (q.since) query = query.where('t0', '>=', new Date(q.since));
  if (q.until) query = query.where('t0', '<', new Date(q.until));
  if (q.status) query = query.where('status', '=', q.status as BurstRow['status']);
  if (q.instrument) query = query.where(sql<boolean>`${q.instrument} = any(instruments)`);
  if (q.after) query = query.where(sql<boolean>`(t0, burst_id) < (${q.after.t0}::timestamptz, ${q.after.burstId})`);
  return query.orderBy('t0', 'desc').orderBy('burst_id', 'desc').limit(q.limit).execute();
}
