import { Type } from 'typebox';
import { IsoTime } from './common.schema.js';
import { newPlanExample, planExample, planSummaryExample } from './scheduler.examples.js';

export const NewPlan = Type.Object(
  { start: IsoTime('span start'), end: IsoTime('span end; at most MAX_PLAN_DAYS (14) after start') },
  { title: 'NewPlan', additionalProperties: false, examples: [newPlanExample] },
);

const Entry = Type.Object({
  kind: Type.Union([Type.Literal('observation'), Type.Literal('slew'), Type.Literal('core'), Type.Literal('burst')]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  start: IsoTime(),
  end: IsoTime(),
  raDeg: Type.Number(),
  decDeg: Type.Number(),
});

const Outcome = Type.Object({
  requestId: Type.String(),
  kind: Type.String(),
  exposureS: Type.Number(),
  observedS: Type.Number(),
  slices: Type.Integer(),
  status: Type.Union([Type.Literal('planned'), Type.Literal('partial'), Type.Literal('unplanned')]),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'OUT_OF_SPAN, NOT_VISIBLE, WINDOWS_TOO_SHORT, NOT_ENOUGH_VISIBILITY, TIME_TAKEN',
  }),
  detail: Type.Union([Type.String(), Type.Null()]),
});

const Stats = Type.Object({
  spanS: Type.Number(),
  observedS: Type.Number(),
  weightedObservedS: Type.Number(),
  weightedUpperBoundS: Type.Number(),
  upperBoundS: Type.Number(),
  slewS: Type.Number(),
  coreS: Type.Number(),
  burstS: Type.Number(),
  slews: Type.Integer(),
  observations: Type.Integer(),
});

export const PlanSummary = Type.Object(
  {
    id: Type.String(),
    spanStart: IsoTime(),
    spanEnd: IsoTime(),
    status: Type.Union([Type.Literal('active'), Type.Literal('superseded'), Type.Literal('interrupted')]),
    createdAt: IsoTime(),
    createdBy: Type.String(),
    supersedes: Type.Union([Type.String(), Type.Null()]),
    tleName: Type.String(),
    computeMs: Type.Number(),
    stats: Stats,
  },
  { title: 'PlanSummary', examples: [planSummaryExample] },
);

export const PlanView = Type.Object(
  {
    ...PlanSummary.properties,
    constraints: Type.Record(Type.String(), Type.Unknown()),
    entries: Type.Array(Entry),
    requests: Type.Array(Outcome, { description: 'every request considered, with what it got or why not' }),
  },
  { title: 'Plan', examples: [planExample] },
);

export const PlanList = Type.Object(
  { plans: Type.Array(PlanSummary) },
  { title: 'PlanList', examples: [{ plans: [planSummaryExample] }] },
);
export const PlanIdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });
