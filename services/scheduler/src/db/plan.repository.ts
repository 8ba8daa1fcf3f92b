import { sql, type Kysely } from 'kysely';
import type { PlanEntry, PlanStats, RequestOutcome } from '../planner/types.js';
import type { GpTables } from './tables.js';

export interface StoredPlan {
  id: string;
  spanStart: string;
  spanEnd: string;
  status: 'active' | 'superseded' | 'interrupted';
  createdAt: string;
  createdBy: string;
  supersedes: string | null;
  tleName: string;
  constraints: Record<string, unknown>;
  stats: PlanStats;
  outcomes: RequestOutcome[];
  computeMs: number;
}

export interface NewPlan {
  id: string;
  spanStartMs: number;
  spanEndMs: number;
  createdBy: string;
  supersedes: string | null;
  tleName: string;
  constraints: Record<string, unknown>;
  stats: PlanStats;
  outcomes: RequestOutcome[];
  computeMs: number;
  /** Also the `createdAt` of its message: the row and the message tell the same time. */
  createdAtMs: number;
  entries: PlanEntry[];
}

const CHUNK_ROWS = 1000;

/**
 * Stores a plan and its timeline in the caller's transaction (with its outbox message, by
 * `plan.service.ts`). The active plans it overlaps stop being active: `superseded`, or
 * `interrupted` for the one a burst interrupted.
 */
export async function insertPlan(trx: Kysely<GpTables>, plan: NewPlan): Promise<void> {
  await trx
    .updateTable('gp.plans')
    .set({
      status:
        sql`case when id = ${plan.supersedes} then 'interrupted' else 'superseded' end` as unknown as 'superseded',
    })
    .where('status', '=', 'active')
    .where('span_start', '<', new Date(plan.spanEndMs))
    .where('span_end', '>', new Date(plan.spanStartMs))
    .execute();
  await trx
    .insertInto('gp.plans')
    .values({
      id: plan.id,
      span_start: new Date(plan.spanStartMs),
      span_end: new Date(plan.spanEndMs),
      status: 'active',
      created_by: plan.createdBy,
      supersedes: plan.supersedes,
      tle_name: plan.tleName,
      constraints: JSON.stringify(plan.constraints),
      stats: JSON.stringify(plan.stats),
      unplanned: JSON.stringify(plan.outcomes),
      compute_ms: plan.computeMs,
      created_at: new Date(plan.createdAtMs),
    })
    .execute();
  for (let i = 0; i < plan.entries.length; i += CHUNK_ROWS) {
    const rows = plan.entries.slice(i, i + CHUNK_ROWS).map((e, j) => ({
      plan_id: plan.id,
      seq: i + j,
      kind: e.kind,
      request_id: e.requestId,
      start_at: new Date(e.startMs),
      end_at: new Date(e.endMs),
      ra_deg: e.raDeg,
      dec_deg: e.decDeg,
    }));
    await trx.insertInto('gp.plan_entries').values(rows).execute();
  }
}

function toPlan(r: Record<string, unknown>): StoredPlan {
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    id: r.id as string,
    spanStart: new Date(r.span_start as Date).toISOString(),
    spanEnd: new Date(r.span_end as Date).toISOString(),
    status: r.status as StoredPlan['status'],
    createdAt: new Date(r.created_at as Date).toISOString(),
    createdBy: r.created_by as string,
    supersedes: (r.supersedes as string | null) ?? null,
    tleName: r.tle_name as string,
    constraints: json(r.constraints),
    stats: json(r.stats),
    outcomes: json(r.unplanned),
    computeMs: Number(r.compute_ms),
  };
}

export async function getPlan(db: Kysely<GpTables>, id: string): Promise<StoredPlan | undefined> {
  const row = await db.selectFrom('gp.plans').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

export async function planEntries(db: Kysely<GpTables>, id: string): Promise<PlanEntry[]> {
  const rows = await db.selectFrom('gp.plan_entries').selectAll().where('plan_id', '=', id).orderBy('seq').execute();
  return rows.map((r) => ({
    kind: r.kind as PlanEntry['kind'],
    requestId: r.request_id,
    startMs: new Date(r.start_at).getTime(),
    endMs: new Date(r.end_at).getTime(),
    raDeg: r.ra_deg,
    decDeg: r.dec_deg,
  }));
}

export async function listPlans(db: Kysely<GpTables>, limit: number): Promise<StoredPlan[]> {
  return (await db.selectFrom('gp.plans').selectAll().orderBy('created_at', 'desc').limit(limit).execute()).map(toPlan);
}

/** The active plan whose span holds `atMs`: the running plan a burst interrupts. */
export async function runningPlan(db: Kysely<GpTables>, atMs: number): Promise<StoredPlan | undefined> {
  const at = new Date(atMs);
  const row = await db
    .selectFrom('gp.plans')
    .selectAll()
    .where('status', '=', 'active')
    .where('span_start', '<=', at)
    .where('span_end', '>', at)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

/**
 * Locks a plan in the caller's transaction if it is still active; false when it no longer is
 * (replaced or interrupted since it was read): what was planned from it must not be stored.
 */
export async function lockActivePlan(trx: Kysely<GpTables>, id: string): Promise<boolean> {
  const row = await trx
    .selectFrom('gp.plans')
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'active')
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** How long the latest plan took to compute, if there is one. */
export async function latestPlanComputeMs(db: Kysely<GpTables>): Promise<number | undefined> {
  const row = await db
    .selectFrom('gp.plans')
    .select('compute_ms')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.compute_ms;
}
