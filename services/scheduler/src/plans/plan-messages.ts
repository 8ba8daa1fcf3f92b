/**
 * The scheduler's two messages as outbox rows: built once, before the commit they belong to, so
 * what JetStream gets is what was committed, however late the outbox delivers it. The
 * `Nats-Msg-Id`s (`plan-<id>`, `interrupted-<burstId>`) let the PLAN stream drop the copies a
 * drain or a retry offers again.
 */
import type { PlanInterruptedMessage, PlanPublishedMessage, Subjects } from '@svom/contracts';
import type { OutboxMessage } from '@svom/service-kit';
import type { StoredPlan } from '../db/plan.repository.js';
import type { PlanEntry } from '../planner/types.js';

/** Larger timelines go out without entries (GET href): NATS' default max_payload is 1 MiB. */
const MAX_MESSAGE_BYTES = 900 * 1024;

/** `svom.plan.published`: a new plan with its timeline and the requests it left short. */
export function planPublishedMessage(
  subjects: Subjects,
  plan: StoredPlan,
  entries: readonly PlanEntry[],
): OutboxMessage {
  const message: PlanPublishedMessage = {
    planId: plan.id,
    supersedes: plan.supersedes,
    spanStart: plan.spanStart,
    spanEnd: plan.spanEnd,
    createdAt: plan.createdAt,
    tleName: plan.tleName,
    stats: {
      observedS: plan.stats.observedS,
      weightedObservedS: plan.stats.weightedObservedS,
      weightedUpperBoundS: plan.stats.weightedUpperBoundS,
      slewS: plan.stats.slewS,
      observations: plan.stats.observations,
    },
    entries: entries.map(entryJson),
    entriesOmitted: false,
    unplanned: plan.outcomes
      .filter((o) => o.status !== 'planned')
      .map((o) => ({
        requestId: o.requestId,
        status: o.status as 'partial' | 'unplanned',
        reason: o.reason ?? 'TIME_TAKEN',
      })),
    href: `/v1/plans/${plan.id}`,
  };
  let payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_MESSAGE_BYTES)
    payload = JSON.stringify({ ...message, entries: [], entriesOmitted: true });
  return { subject: subjects.plan.published, msgId: `plan-${plan.id}`, payload };
}

/** `svom.plan.interrupted`: which plan a burst interrupted, what was removed, and its successor. */
export function planInterruptedMessage(subjects: Subjects, message: PlanInterruptedMessage): OutboxMessage {
  return {
    subject: subjects.plan.interrupted,
    msgId: `interrupted-${message.burstId}`,
    payload: JSON.stringify(message),
  };
}

/** A timeline entry as the API and the messages show it. */
export function entryJson(e: PlanEntry) {
  return {
    kind: e.kind,
    requestId: e.requestId,
    start: new Date(e.startMs).toISOString(),
    end: new Date(e.endMs).toISOString(),
    raDeg: e.raDeg,
    decDeg: e.decDeg,
  };
}
