import { Type } from 'typebox';
import { IsoTime } from './common.schema.js';

export const BurstId = Type.String({ pattern: '^sb[0-9]{8}$', description: 'sb + YYMMDD + rank that day' });

export const Position = Type.Object(
  {
    raDeg: Type.Number(),
    decDeg: Type.Number(),
    errorRadiusDeg: Type.Number(),
    instrument: Type.String({ description: 'ECLAIRs or MXT: whose measurement' }),
  },
  { title: 'Position' },
);

const burstSummaryFields = {
  burstId: BurstId,
  t0: IsoTime,
  status: Type.Union([Type.Literal('active'), Type.Literal('confirmed'), Type.Literal('retracted')]),
  instruments: Type.Array(Type.String()),
  alertSequenceId: Type.Union([Type.Integer(), Type.Null()]),
  position: Type.Union([Position, Type.Null()], { description: 'best so far: the smallest error radius' }),
  version: Type.Integer(),
  updatedAt: IsoTime,
};

/** A burst as the examples show it (one ECLAIRs trigger, its MXT position). */
const burstExample = {
  burstId: 'sb25010101',
  t0: '2025-01-01T03:14:15.926Z',
  status: 'active',
  instruments: ['ECLAIRs', 'MXT'],
  alertSequenceId: 1234,
  position: { raDeg: 83.6331, decDeg: 22.0145, errorRadiusDeg: 0.002, instrument: 'MXT' },
  version: 3,
  updatedAt: '2025-01-01T03:20:02.112Z',
};

export const BurstSummary = Type.Object(burstSummaryFields, { title: 'BurstSummary' });

const noticeSummaryFields = {
  id: Type.String({ description: 'for GET /v1/notices/<id>' }),
  ivorn: Type.String(),
  burstId: BurstId,
  name: Type.String(),
  packetType: Type.Integer(),
  serialNumber: Type.Integer(),
  issuedAt: IsoTime,
  seq: Type.Integer({ description: 'issue order across all bursts' }),
};

export const NoticeSummary = Type.Object(noticeSummaryFields, { title: 'NoticeSummary' });

export const noticeSummaryExample = {
  id: 'sb25010101_eclairs-wakeup',
  ivorn: 'ivo://org.svom/fsc#sb25010101_eclairs-wakeup',
  burstId: 'sb25010101',
  name: 'eclairs-wakeup',
  packetType: 202,
  serialNumber: 1,
  issuedAt: '2025-01-01T03:14:47.000Z',
  seq: 1,
};

export const TimelineEntry = Type.Object(
  {
    at: IsoTime,
    actor: Type.String({ description: 'fsc, or the Burst Advocate' }),
    action: Type.String(),
    detail: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'TimelineEntry' },
);

export const LightCurve = Type.Object(
  {
    start: IsoTime,
    binMs: Type.Integer(),
    bins: Type.Integer(),
    bands: Type.Integer(),
    counts: Type.Array(Type.Array(Type.Integer()), { description: 'bins × bands counts, bin-major' }),
  },
  { title: 'LightCurve' },
);

export const BurstDetail = Type.Object(
  {
    ...burstSummaryFields,
    notices: Type.Array(NoticeSummary),
    lightCurve: Type.Union([LightCurve, Type.Null()]),
    timeline: Type.Array(TimelineEntry),
  },
  {
    title: 'BurstDetail',
    examples: [
      {
        ...burstExample,
        notices: [noticeSummaryExample],
        lightCurve: null,
        timeline: [{ at: '2025-01-01T03:14:47.000Z', actor: 'fsc', action: 'notice', detail: { serialNumber: 1 } }],
      },
    ],
  },
);

export const BurstFilter = Type.Object({
  since: Type.Optional(Type.String({ format: 'date-time', description: 'T0 at or after' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'T0 before' })),
  instrument: Type.Optional(
    Type.Union([Type.Literal('GRM'), Type.Literal('ECLAIRs'), Type.Literal('MXT'), Type.Literal('VT')]),
  ),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('confirmed'), Type.Literal('retracted')])),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
});

export const BurstPage = Type.Object(
  {
    bursts: Type.Array(BurstSummary),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'BurstPage', examples: [{ bursts: [burstExample], nextCursor: null }] },
);

export const RetractBody = Type.Object(
  {
    reason: Type.String({
      minLength: 3,
      maxLength: 2000,
      description: "the Burst Advocate's reason, written in the notice's Citations/Description",
    }),
  },
  { title: 'Retraction', examples: [{ reason: 'a cosmic-ray hit in ECLAIRs, not a burst' }] },
);
export const ConfirmBody = Type.Object(
  { comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { title: 'Confirmation', examples: [{ comment: 'optical counterpart reported in GCN 38000' }] },
);
export const CommentBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 4000 }) },
  { title: 'Comment', examples: [{ text: 'MXT position refined by the ground analysis' }] },
);
