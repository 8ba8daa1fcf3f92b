import { Type } from 'typebox';
import { DateTime, Id, Nullable } from './common.schema.js';
import { followupReportExample } from '@svom/contracts';
import { ReportSchema } from './report.schema.js';
import { RequestSchema, requestExample } from './request.schema.js';

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
  {
    title: 'BurstFollowup',
    examples: [
      {
        burstId: 'sb26011501',
        triggerTime: '2026-01-15T13:58:12.340Z',
        position: {
          raDeg: 61.2874,
          decDeg: 40.1021,
          errorRadiusDeg: 0.034,
          ivorn: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
        },
        retractedAt: null,
        requests: [requestExample],
        timeline: [
          {
            at: '2026-01-15T14:09:03.104Z',
            kind: 'notice',
            key: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
            ivorn: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
            name: 'mxt-initial_qf2',
            packetType: 209,
            position: { raDeg: 61.2874, decDeg: 40.1021, errorRadiusDeg: 0.034 },
            improvedPosition: true,
          },
          {
            at: '2026-01-15T14:09:03.512Z',
            kind: 'no-request',
            facilityId: 'VLT-XSH',
            noticeKey: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
            reason: 'error-region-too-large',
            details: { nextWindow: null },
          },
          {
            at: '2026-01-15T14:10:12.330Z',
            kind: 'request',
            requestId: 'sb26011501-GWAC',
            facilityId: 'GWAC',
            event: 'transition',
            fromStatus: 'requested',
            toStatus: 'acknowledged',
            actor: 'facility:GWAC',
            reason: 'queued, first exposure at 14:12 UTC',
          },
          { at: followupReportExample.receivedAt, kind: 'report', report: followupReportExample },
        ],
      },
    ],
  },
);
