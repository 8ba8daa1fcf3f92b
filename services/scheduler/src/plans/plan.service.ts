/**
 * Making a plan: the accepted requests of the span, one ephemeris for the span, the planner,
 * then the plan stored in one transaction and published on `svom.plan.published`.
 */
import { randomBytes } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { PlanPublishedMessage, Subjects } from '@svom/contracts';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { insertPlan, markPlanPublished, type StoredPlan } from '../db/plan.repository.js';
import { plannableRequests } from '../db/request.repository.js';
import type { GpTables } from '../db/tables.js';
import type { Orbit } from '../orbit/orbit.js';
import { makePlan, prepareSky, type BlockedSpan, type PlanEntry, type PlanRequest } from '../planner/index.js';
import { constraintsFrom } from './constraints.js';
import type { SchedulerSettings } from './settings.js';

export interface PlanContext {
  db: Kysely<GpTables>;
  js: JetStreamClient;
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

/** Larger timelines go out without entries (GET href): NATS' default max_payload is 1 MiB. */
const MAX_MESSAGE_BYTES = 900 * 1024;

export async function createPlan(ctx: PlanContext, order: PlanOrder): Promise<MadePlan> {
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
  const plan = {
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
    entries: result.entries,
  };
  await insertPlan(ctx.db, plan);
  ctx.log.info({ planId: id, requests: requests.length, computeMs: Math.round(computeMs), observedS: result.stats.observedS }, 'plan made');
  const stored: StoredPlan = {
    id,
    spanStart: new Date(order.startMs).toISOString(),
    spanEnd: new Date(order.endMs).toISOString(),
    status: 'active',
    createdAt: new Date().toISOString(),
    createdBy: order.createdBy,
    supersedes: plan.supersedes,
    tleName: plan.tleName,
    constraints: plan.constraints,
    stats: plan.stats,
    outcomes: plan.outcomes,
    computeMs,
  };
  return { plan: stored, entries: result.entries };
}

/** Publishes a plan; the Nats-Msg-Id makes a retried publish land once. */
export async function publishPlan(ctx: PlanContext, made: MadePlan): Promise<void> {
  const { plan } = made;
  const message: PlanPublishedMessage = {
    planId: plan.id,
    supersedes: plan.supersedes,
    spanStart: plan.spanStart,
    spanEnd: plan.spanEnd,
    createdAt: plan.createdAt,
    tleName: plan.tleName,
    stats: { observedS: plan.stats.observedS, weightedObservedS: plan.stats.weightedObservedS, weightedUpperBoundS: plan.stats.weightedUpperBoundS, slewS: plan.stats.slewS, observations: plan.stats.observations },
    entries: made.entries.map(entryJson),
    entriesOmitted: false,
    unplanned: plan.outcomes.filter((o) => o.status !== 'planned').map((o) => ({ requestId: o.requestId, status: o.status as 'partial' | 'unplanned', reason: o.reason ?? 'TIME_TAKEN' })),
    href: `/v1/plans/${plan.id}`,
  };
  let data = JSON.stringify(message);
  if (Buffer.byteLength(data) > MAX_MESSAGE_BYTES) data = JSON.stringify({ ...message, entries: [], entriesOmitted: true });
  await ctx.js.publish(ctx.subjects.plan.published, data, { msgID: `plan-${plan.id}` });
  await markPlanPublished(ctx.db, plan.id);
}

export function entryJson(e: PlanEntry) {
  return { kind: e.kind, requestId: e.requestId, start: new Date(e.startMs).toISOString(), end: new Date(e.endMs).toISOString(), raDeg: e.raDeg, decDeg: e.decDeg };
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
