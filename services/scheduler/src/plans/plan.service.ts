/**
 * Making a plan: the accepted requests of the span, one ephemeris for the span, the planner
 * (`computePlan`, nothing written); then the plan and its `svom.plan.published` message stored in
 * one transaction (`createPlan`; an interruption stores its own way, interruption.service.ts).
 * The message leaves through the outbox: the caller offers the rows answered once committed.
 */
import { randomBytes } from 'node:crypto';
import type { Subjects } from '@svom/contracts';
import type { OutboxRow } from '@svom/service-kit';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { insertOutbox } from '../db/outbox.repository.js';
import { insertPlan, type NewPlan, type StoredPlan } from '../db/plan.repository.js';
import { plannableRequests } from '../db/request.repository.js';
import type { GpTables } from '../db/tables.js';
import type { Orbit } from '../orbit/orbit.js';
import { makePlan, prepareSky, type BlockedSpan, type PlanEntry, type PlanRequest } from '../planner/index.js';
import { constraintsFrom } from './constraints.js';
import { planPublishedMessage } from './plan-messages.js';
import type { SchedulerSettings } from './settings.js';

export interface PlanContext {
  db: Kysely<GpTables>;
  subjects: Subjects;
  orbit: Orbit;
  settings: SchedulerSettings;
  log: FastifyBaseLogger;
}

export interface PlanOrder {
  startMs: number;
  endMs: number;
  createdBy: string;
  blocked?: BlockedSpan[];
  supersedes?: string | null;
  initial?: { raDeg: number; decDeg: number };
  /** Seconds already observed per request (before an interruption): only the rest is planned. */
  observedS?: Map<string, number>;
}

export interface MadePlan {
  plan: StoredPlan;
  entries: PlanEntry[];
}

/** A plan made and not stored yet: `row` is what `insertPlan` writes. */
export interface ComputedPlan extends MadePlan {
  row: NewPlan;
}

/** A stored plan and its outbox rows, to offer to JetStream now. */
export interface CreatedPlan extends MadePlan {
  outbox: OutboxRow[];
}

/** Plans a span and stores the plan with its message in one transaction. */
export async function createPlan(ctx: PlanContext, order: PlanOrder): Promise<CreatedPlan> {
  const computed = await computePlan(ctx, order);
  const outbox = await ctx.db.transaction().execute(async (trx) => {
    await insertPlan(trx, computed.row);
    return insertOutbox(trx, [planPublishedMessage(ctx.subjects, computed.plan, computed.entries)]);
  });
  return { plan: computed.plan, entries: computed.entries, outbox };
}

/**
 * Runs the planner over the order's span; reads the orbit and the requests, writes nothing. The
 * planning (up to seconds) is done before any transaction opens: none holds a connection or a
 * lock that long.
 */
export async function computePlan(ctx: PlanContext, order: PlanOrder): Promise<ComputedPlan> {
  const started = performance.now();
  const orbit = await ctx.orbit.current();
  const stepS = ctx.settings.PLAN_STEP_S;
  const spanS = Math.floor((order.endMs - order.startMs) / 1000 / stepS) * stepS;
  const constraints = constraintsFrom(ctx.settings);
  const sky = prepareSky(ctx.orbit.ephemeris(orbit, order.startMs, spanS, stepS), constraints);
  const requests = remainingOf(await plannableRequests(ctx.db, order.startMs, order.endMs), order.observedS);
  const result = makePlan({ sky, requests, blocked: order.blocked ?? [], constraints, initial: order.initial });
  const computeMs = performance.now() - started;
  const id = planId(order.startMs);
  const row: NewPlan = {
    id,
    spanStartMs: order.startMs,
    spanEndMs: order.endMs,
    createdBy: order.createdBy,
    supersedes: order.supersedes ?? null,
    tleName: orbit.tle.name,
    constraints: { ...constraints, stepS, coreSpanOrbits: ctx.settings.CORE_SPAN_ORBITS },
    stats: result.stats,
    outcomes: result.outcomes,
    computeMs,
    createdAtMs: Date.now(),
    entries: result.entries,
  };
  ctx.log.info(
    { planId: id, requests: requests.length, computeMs: Math.round(computeMs), observedS: result.stats.observedS },
    'plan made',
  );
  const stored: StoredPlan = {
    id,
    spanStart: new Date(order.startMs).toISOString(),
    spanEnd: new Date(order.endMs).toISOString(),
    status: 'active',
    createdAt: new Date(row.createdAtMs).toISOString(),
    createdBy: order.createdBy,
    supersedes: row.supersedes,
    tleName: row.tleName,
    constraints: row.constraints,
    stats: row.stats,
    outcomes: row.outcomes,
    computeMs,
  };
  return { plan: stored, entries: result.entries, row };
}

function remainingOf(requests: PlanRequest[], observedS: Map<string, number> | undefined): PlanRequest[] {
  if (!observedS) return requests;
  const out: PlanRequest[] = [];
  for (const r of requests) {
    const rest = r.exposureS - (observedS.get(r.id) ?? 0);
    if (rest <= 0) continue;
    out.push({ ...r, exposureS: rest, minSliceS: Math.min(r.minSliceS, rest) });
  }
  return out;
}

function planId(startMs: number): string {
  return `pl-${new Date(startMs).toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
}
