import { fscSchemaId } from '../schema-id.js';
import { Type, type Static } from 'typebox';

const Entry = Type.Object({
  kind: Type.Union([Type.Literal('observation'), Type.Literal('slew'), Type.Literal('core'), Type.Literal('burst')], {
    description: 'core: the core-program pointing law; burst: a span removed by a burst (core-program follow-up)',
  }),
  requestId: Type.Union([Type.String(), Type.Null()], {
    description: 'the request observed; the burst id for a burst span',
  }),
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  raDeg: Type.Number({ description: 'ICRS pointing during the entry (the destination of a slew)' }),
  decDeg: Type.Number(),
});

/** A new plan of the general program and ToOs, on `svom.plan.published` (Nats-Msg-Id `plan-<planId>`). */
export const PlanPublishedMessage = Type.Object(
  {
    planId: Type.String(),
    supersedes: Type.Union([Type.String(), Type.Null()], { description: 'the interrupted plan this one replaces' }),
    spanStart: Type.String({ format: 'date-time' }),
    spanEnd: Type.String({ format: 'date-time' }),
    createdAt: Type.String({ format: 'date-time' }),
    tleName: Type.String(),
    stats: Type.Object({
      observedS: Type.Number(),
      weightedObservedS: Type.Number(),
      weightedUpperBoundS: Type.Number(),
      slewS: Type.Number(),
      observations: Type.Integer(),
    }),
    entries: Type.Array(Entry, {
      description: 'time no entry covers is spent holding the previous pointing; empty when entriesOmitted',
    }),
    entriesOmitted: Type.Boolean({
      description: 'true when the timeline was too large for one message: GET href instead',
    }),
    unplanned: Type.Array(
      Type.Object({
        requestId: Type.String(),
        status: Type.Union([Type.Literal('partial'), Type.Literal('unplanned')]),
        reason: Type.String(),
      }),
    ),
    href: Type.String({ description: 'path of the full plan on the scheduler API' }),
  },
  { $id: fscSchemaId('messages/plan-published.schema.json') },
);
export type PlanPublishedMessage = Static<typeof PlanPublishedMessage>;

export const planPublishedExample: PlanPublishedMessage = {
  planId: 'pl-20260301-7f3a9c',
  supersedes: null,
  spanStart: '2026-03-01T00:00:00.000Z',
  spanEnd: '2026-03-08T00:00:00.000Z',
  createdAt: '2026-02-28T17:02:11.530Z',
  tleName: 'SVOM',
  stats: {
    observedS: 509040,
    weightedObservedS: 1250140,
    weightedUpperBoundS: 1262500,
    slewS: 71640,
    observations: 261,
  },
  entries: [
    {
      kind: 'slew',
      requestId: null,
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-03-01T00:04:10.000Z',
      raDeg: 83.63,
      decDeg: 22.01,
    },
    {
      kind: 'observation',
      requestId: 'rq-0f3c2d8e',
      start: '2026-03-01T00:04:10.000Z',
      end: '2026-03-01T00:51:30.000Z',
      raDeg: 83.63,
      decDeg: 22.01,
    },
  ],
  entriesOmitted: false,
  unplanned: [{ requestId: 'rq-9a0b1c2d', status: 'unplanned', reason: 'NOT_VISIBLE' }],
  href: '/v1/plans/pl-20260301-7f3a9c',
};
