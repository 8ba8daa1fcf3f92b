import { Type } from 'typebox';
import { FollowupRequestStatus } from '@svom/contracts';
import { DateTime, Id, Nullable } from './common.schema.js';

// The contract's statuses, without its description (the REST document never had it).
export const Status = Type.Union(FollowupRequestStatus.anyOf);

/** GWAC's request on sb26011501 (libs/contracts' followupRequestExample), acknowledged by the facility. */
export const requestExample = {
  id: 'sb26011501-GWAC',
  burstId: 'sb26011501',
  facilityId: 'GWAC',
  status: 'acknowledged',
  raDeg: 61.2874,
  decDeg: 40.1021,
  errorRadiusDeg: 0.034,
  positionIvorn: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
  windowStart: '2026-01-15T14:02:00.000Z',
  windowEnd: '2026-01-15T21:40:31.000Z',
  altitudeDeg: 78.41,
  sunAltitudeDeg: -48.2,
  moonDistanceDeg: 121.7,
  version: 3,
  createdAt: '2026-01-15T13:58:44.907Z',
  updatedAt: '2026-01-15T14:10:12.330Z',
};

const eventExamples = [
  {
    id: 1812,
    requestId: 'sb26011501-GWAC',
    kind: 'created',
    fromStatus: null,
    toStatus: 'requested',
    actor: 'system:followup',
    reason: null,
    noticeKey: 'ivo://org.svom/fsc#sb26011501_slewing',
    version: 1,
    at: '2026-01-15T13:58:44.907Z',
  },
  {
    id: 1815,
    requestId: 'sb26011501-GWAC',
    kind: 'updated',
    fromStatus: 'requested',
    toStatus: 'requested',
    actor: 'system:followup',
    reason: 'better position (0.034° from 0.1°)',
    noticeKey: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
    version: 2,
    at: '2026-01-15T14:09:03.512Z',
  },
  {
    id: 1816,
    requestId: 'sb26011501-GWAC',
    kind: 'transition',
    fromStatus: 'requested',
    toStatus: 'acknowledged',
    actor: 'facility:GWAC',
    reason: 'queued, first exposure at 14:12 UTC',
    noticeKey: null,
    version: 3,
    at: '2026-01-15T14:10:12.330Z',
  },
];

export const RequestSchema = Type.Object(
  {
    id: Type.String(),
    burstId: Type.String(),
    facilityId: Type.String(),
    status: Status,
    raDeg: Type.Number(),
    decDeg: Type.Number(),
    errorRadiusDeg: Nullable(Type.Number()),
    positionIvorn: Type.String(),
    windowStart: DateTime,
    windowEnd: DateTime,
    altitudeDeg: Type.Number(),
    sunAltitudeDeg: Type.Number(),
    moonDistanceDeg: Type.Number(),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { title: 'FollowupRequest', examples: [requestExample] },
);

export const RequestEventSchema = Type.Object(
  {
    id: Type.Integer(),
    requestId: Type.String(),
    kind: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('transition')]),
    fromStatus: Nullable(Type.String()),
    toStatus: Type.String(),
    actor: Type.String({ description: 'system:followup, facility:<id> or person:<name>' }),
    reason: Nullable(Type.String()),
    noticeKey: Nullable(Type.String()),
    version: Type.Integer(),
    at: DateTime,
  },
  { title: 'RequestEvent', examples: [eventExamples[0]] },
);

export const RequestWithEvents = Type.Object(
  { ...RequestSchema.properties, events: Type.Array(RequestEventSchema) },
  { title: 'FollowupRequestWithEvents', examples: [{ ...requestExample, events: eventExamples }] },
);
export const RequestList = Type.Object(
  { requests: Type.Array(RequestSchema) },
  { title: 'FollowupRequestList', examples: [{ requests: [requestExample] }] },
);
export const RequestIdParam = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,130}$' }) });

export const RequestQuery = Type.Object({
  facilityId: Type.Optional(Id),
  burstId: Type.Optional(Id),
  status: Type.Optional(Status),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const TransitionBody = Type.Object(
  {
    to: Status,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  {
    title: 'Transition',
    additionalProperties: false,
    examples: [{ to: 'acknowledged', reason: 'queued, first exposure at 14:12 UTC' }],
  },
);
