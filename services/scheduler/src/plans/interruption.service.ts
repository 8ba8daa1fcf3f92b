/**
 * A burst interrupts the running plan (README, Interruption): the satellite slews to it on its
 * own, and the core program follows it for `CORE_SPAN_ORBITS` orbits. That span is removed,
 * what the old plan observed before the trigger is kept as done, and the rest of the old span
 * is replanned from the burst's direction. A repeated notice for the same burst changes nothing.
 */
import type { PlanInterruptedMessage } from '@svom/contracts';
import { getInterruption, insertInterruption, markInterruptionPublished } from '../db/interruption.repository.js';
import { getPlan, planEntries, runningPlan } from '../db/plan.repository.js';
import { Orbit } from '../orbit/orbit.js';
import { createPlan, publishPlan, type MadePlan, type PlanContext } from './plan.service.js';

export interface Slewing {
  burstId: string;
  triggerMs: number;
  raDeg: number;
  decDeg: number;
}

export type InterruptionResult = { outcome: 'replanned'; interruptedPlanId: string; newPlanId: string; replanMs: number } | { outcome: 'no-running-plan' } | { outcome: 'duplicate' };

export async function interrupt(ctx: PlanContext, slewing: Slewing): Promise<InterruptionResult> {
  const known = await getInterruption(ctx.db, slewing.burstId);
  if (known?.publishedAt || (known && !known.newPlanId)) return { outcome: 'duplicate' };
  const started = performance.now();
  const orbit = await ctx.orbit.current();
  const removedToMs = slewing.triggerMs + ctx.settings.CORE_SPAN_ORBITS * Orbit.periodS(orbit.tle) * 1000;
  let made: MadePlan | undefined;
  let interruptedPlanId: string;
  if (known) {
    // Stored but not published (NATS failed last time): publish what was made.
    interruptedPlanId = known.interruptedPlanId!;
  } else {
    const running = await runningPlan(ctx.db, slewing.triggerMs);
    if (!running) {
      await insertInterruption(ctx.db, { ...slewing, removedFromMs: slewing.triggerMs, removedToMs, interruptedPlanId: null, newPlanId: null });
      ctx.log.info({ burstId: slewing.burstId }, 'slewing notice: no running plan to interrupt');
      return { outcome: 'no-running-plan' };
    }
    interruptedPlanId = running.id;
    const observedS = new Map<string, number>();
    for (const e of await planEntries(ctx.db, running.id)) {
      if (e.kind !== 'observation' || !e.requestId || e.startMs >= slewing.triggerMs) continue;
      observedS.set(e.requestId, (observedS.get(e.requestId) ?? 0) + (Math.min(e.endMs, slewing.triggerMs) - e.startMs) / 1000);
    }
    made = await createPlan(ctx, {
      startMs: slewing.triggerMs,
      endMs: Date.parse(running.spanEnd),
      createdBy: `burst:${slewing.burstId}`,
      blocked: [{ startMs: slewing.triggerMs, endMs: removedToMs, raDeg: slewing.raDeg, decDeg: slewing.decDeg, label: slewing.burstId }],
      supersedes: running.id,
      initial: { raDeg: slewing.raDeg, decDeg: slewing.decDeg },
      observedS,
    });
    await insertInterruption(ctx.db, { ...slewing, removedFromMs: slewing.triggerMs, removedToMs, interruptedPlanId: running.id, newPlanId: made.plan.id });
  }
  const newPlanId = made?.plan.id ?? known!.newPlanId!;
  const replanMs = performance.now() - started;
  const message: PlanInterruptedMessage = {
    planId: interruptedPlanId,
    newPlanId,
    burstId: slewing.burstId,
    triggerTime: new Date(slewing.triggerMs).toISOString(),
    raDeg: slewing.raDeg,
    decDeg: slewing.decDeg,
    removedFrom: new Date(slewing.triggerMs).toISOString(),
    removedTo: new Date(removedToMs).toISOString(),
    replanMs,
    at: new Date().toISOString(),
  };
  await ctx.js.publish(ctx.subjects.plan.interrupted, JSON.stringify(message), { msgID: `interrupted-${slewing.burstId}` });
  if (made) await publishPlan(ctx, made);
  else await republish(ctx, newPlanId);
  await markInterruptionPublished(ctx.db, slewing.burstId);
  ctx.log.info({ burstId: slewing.burstId, interruptedPlanId, newPlanId, replanMs: Math.round(replanMs) }, 'plan interrupted and replanned');
  return { outcome: 'replanned', interruptedPlanId, newPlanId, replanMs };
}

async function republish(ctx: PlanContext, planId: string): Promise<void> {
  const plan = await getPlan(ctx.db, planId);
  if (plan) await publishPlan(ctx, { plan, entries: await planEntries(ctx.db, planId) });
}
