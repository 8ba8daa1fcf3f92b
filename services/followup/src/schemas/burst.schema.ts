import { Type } from 'typebox';
import { DateTime, Id, Nullable } from './common.schema.js';
import { ReportSchema } from './report.schema.js';
import { RequestSchema } from './request.schema.js';

export const BurstIdParam = Type.Object({ burstId: Id });

const Position = Type.Object({
  raDeg: Type.Number(),
  decDeg: Type.Number(),
  errorRadiusDeg: Nullable(Type.Number()),
  ivorn: Type.String(),
});

const NoticeEntry = Type.Object({
  at: DateTime,
  kind: Type.Literal('notice'),
  key: Type.String({ description: 'the IVORN, with :<Pkt_Ser_Num> from the second notice of a name' }),
  ivorn: Type.String(),
  name: Type.String(),
  packetType: Nullable(Type.Integer()),
  position: Nullable(
    Type.Object({ raDeg: Type.Number(), decDeg: Type.Number(), errorRadiusDeg: Nullable(Type.Number()) }),
  ),
  improvedPosition: Type.Boolean({ description: 'this notice gave the burst a better position' }),
});
const DecisionEntry = Type.Object({
  at: DateTime,
  kind: Type.Literal('no-request'),
  facilityId: Type.String(),
  noticeKey: Type.String(),
  reason: Type.String({
    description:
      'daylight, below-horizon, moon-too-close, error-region-too-large, no-error-radius, no-position, burst-retracted, ...',
  }),
  details: Type.Record(Type.String(), Type.Unknown()),
});
const RequestEntry = Type.Object({
  at: DateTime,
  kind: Type.Literal('request'),
  requestId: Type.String(),
  facilityId: Type.String(),
  event: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('transition')]),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actor: Type.String(),
  reason: Nullable(Type.String()),
});
const ReportEntry = Type.Object({ at: DateTime, kind: Type.Literal('report'), report: ReportSchema });

export const BurstFollowup = Type.Object(
  {
    burstId: Type.String(),
    triggerTime: Nullable(DateTime),
    position: Nullable(Position),
    retractedAt: Nullable(DateTime),
    requests: Type.Array(RequestSchema),
    timeline: Type.Array(Type.Union([NoticeEntry, DecisionEntry, RequestEntry, ReportEntry]), {
      description: 'notices, reasons for no request, request events and reports, oldest first',
    }),
  },
  { title: 'BurstFollowup' },
);
