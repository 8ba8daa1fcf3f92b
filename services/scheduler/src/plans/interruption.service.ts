/**
 * A burst interrupts the running plan (README, Interruption): the satellite slews to it on its
 * own, and the core program follows it for `CORE_SPAN_ORBITS` orbits. That span is removed,
 * what the old plan observed before the trigger is kept as done, and the rest of the old span
 * is replanned from the burst's direction. A repeated notice for the same burst changes nothing.
 *
 * Everything an interruption writes commits in one transaction: the new plan, the old one's
 * change to `interrupted`, the interruption row and both messages (outbox). A notice redelivered
 * after a crash finds all of it (a no-op: the outbox delivers the messages) or none of it.
 */
import type { PlanInterruptedMessage } from '@svom/contracts';
import type { OutboxRow } from '@svom/service-kit';
import { getInterruption, insertInterruption } from '../db/interruption.repository.js';
import { insertOutbox } from '../db/outbox.repository.js';
import { insertPlan, lockActivePlan, planEntries, runningPlan } from '../db/plan.repository.js';
import { SchedulerErrors } from '../errors.js';
import { Orbit } from '../orbit/orbit.js';
import type { PlanEntry } from '../planner/types.js';
import { planInterruptedMessage, planPublishedMessage } from './plan-messages.js';
import { computePlan, type PlanContext } from './plan.service.js';

export interface Slewing {
  burstId: string;
  triggerMs: number;
  raDeg: number;
  decDeg: number;
}

export type InterruptionResult =
  | {
      outcome: 'replanned';
      interruptedPlanId: string;
      newPlanId: string;
      replanMs: number /** committed: to offer to JetStream now */;
      outbox: OutboxRow[];
    }
  | { outcome: 'no-running-plan' }
  | { outcome: 'duplicate' };

/** Another handler of the same burst committed first (a redelivery racing the first delivery). */
class AlreadyHandled extends Error {}

export async function interrupt(ctx: PlanContext, slewing: Slewing): Promise<InterruptionResult> {
  if (await getInterruption(ctx.db, slewing.burstId)) return { outcome: 'duplicate' };
  const started = performance.now();
  const orbit = await ctx.orbit.current();
  const removed = {
    removedFromMs: slewing.triggerMs,
    removedToMs: slewing.triggerMs + ctx.settings.CORE_SPAN_ORBITS * Orbit.periodS(orbit.tle) * 1000,
  };
  const running = await runningPlan(ctx.db, slewing.triggerMs);
  if (!running) {
    if (!(await insertInterruption(ctx.db, { ...slewing, ...removed, interruptedPlanId: null, newPlanId: null })))
      return { outcome: 'duplicate' };
    ctx.log.info({ burstId: slewing.burstId }, 'slewing notice: no running plan to interrupt');
    return { outcome: 'no-running-plan' };
  }
  // Planned before the transaction opens: it takes up to seconds, and holds nothing meanwhile.
  const computed = await computePlan(ctx, {
    startMs: slewing.triggerMs,
    endMs: Date.parse(running.spanEnd),
    createdBy: `burst:${slewing.burstId}`,
    blocked: [
      {
        startMs: slewing.triggerMs,
        endMs: removed.removedToMs,
        raDeg: slewing.raDeg,
        decDeg: slewing.decDeg,
        label: slewing.burstId,
      },
    ],
    supersedes: running.id,
    initial: { raDeg: slewing.raDeg, decDeg: slewing.decDeg },
    observedS: observedBefore(await planEntries(ctx.db, running.id), slewing.triggerMs),
  });
  const newPlanId = computed.plan.id;
  // Fixed here, committed with the rest: a late delivery from the outbox tells the same.
  const replanMs = performance.now() - started;
  const message: PlanInterruptedMessage = {
    planId: running.id,
    newPlanId,
    burstId: slewing.burstId,
    triggerTime: new Date(slewing.triggerMs).toISOString(),
    raDeg: slewing.raDeg,
    decDeg: slewing.decDeg,
    removedFrom: new Date(removed.removedFromMs).toISOString(),
    removedTo: new Date(removed.removedToMs).toISOString(),
    replanMs,
    at: new Date().toISOString(),
  };
  let outbox: OutboxRow[];
  try {
    outbox = await ctx.db.transaction().execute(async (trx) => {
      // The old plan must still be the active one it was replanned from; the lock keeps it so
      // until the commit, and a second handler of this burst waits here for the first.
      if (!(await lockActivePlan(trx, running.id))) {
        if (await getInterruption(trx, slewing.burstId)) throw new AlreadyHandled();
        throw new SchedulerErrors.PlanChanged(running.id);
      }
      await insertPlan(trx, computed.row);
      if (!(await insertInterruption(trx, { ...slewing, ...removed, interruptedPlanId: running.id, newPlanId })))
        throw new AlreadyHandled();
      // In this order on the stream: the interruption, then the plan that follows it.
      return insertOutbox(trx, [
        planInterruptedMessage(ctx.subjects, message),
        planPublishedMessage(ctx.subjects, computed.plan, computed.entries),
      ]);
    });
  } catch (error) {
    if (error instanceof AlreadyHandled) return { outcome: 'duplicate' };
    throw error;
  }
  ctx.log.info(
    { burstId: slewing.burstId, interruptedPlanId: running.id, newPlanId, replanMs: Math.round(replanMs) },
    'plan interrupted and replanned',
  );
  return { outcome: 'replanned', interruptedPlanId: running.id, newPlanId, replanMs, outbox };
}

/** Seconds each request was observed before the trigger: done, not planned again. */
function observedBefore(entries: readonly PlanEntry[], triggerMs: number): Map<string, number> {
  const observedS = new Map<string, number>();
  for (const e of entries) {
    if (e.kind !== 'observation' || !e.requestId || e.startMs >= triggerMs) continue;
    observedS.set(e.requestId, (observedS.get(e.requestId) ?? 0) + (Math.min(e.endMs, triggerMs) - e.startMs) / 1000);
  }
  return observedS;
}
