import { fscSchemaId } from '../schema-id.js';
import { Type, type Static } from 'typebox';

/**
 * A burst interrupted the running plan, on `svom.plan.interrupted` (Nats-Msg-Id
 * `interrupted-<burstId>`): the core-program span after the trigger is removed; the replanned
 * rest follows as `svom.plan.published` with `supersedes` = `planId`.
 */
export const PlanInterruptedMessage = Type.Object(
  {
    planId: Type.String({ description: 'the plan interrupted' }),
    newPlanId: Type.String({ description: 'the replanned rest, published on svom.plan.published' }),
    burstId: Type.String(),
    triggerTime: Type.String({ format: 'date-time' }),
    raDeg: Type.Number({ description: 'where the satellite slewed (the burst)' }),
    decDeg: Type.Number(),
    removedFrom: Type.String({ format: 'date-time' }),
    removedTo: Type.String({ format: 'date-time', description: 'removedFrom + the configured number of orbits' }),
    replanMs: Type.Number({ description: 'time taken to replan the rest' }),
    at: Type.String({ format: 'date-time' }),
  },
  { $id: fscSchemaId('messages/plan-interrupted.schema.json') },
);
export type PlanInterruptedMessage = Static<typeof PlanInterruptedMessage>;

export const planInterruptedExample: PlanInterruptedMessage = {
  planId: 'pl-20260301-7f3a9c',
  newPlanId: 'pl-20260302-b81e04',
  burstId: 'sb26030204',
  triggerTime: '2026-03-02T04:12:31.320Z',
  raDeg: 143.2478,
  decDeg: -68.0289,
  removedFrom: '2026-03-02T04:12:31.320Z',
  removedTo: '2026-03-03T02:54:43.320Z',
  replanMs: 820,
  at: '2026-03-02T04:12:33.004Z',
};
