import { Type } from 'typebox';
import { DateTime, Id, Nullable } from './common.schema.js';

export const Status = Type.Union([
  Type.Literal('requested'),
  Type.Literal('acknowledged'),
  Type.Literal('observing'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

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
  { title: 'FollowupRequest' },
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
  { title: 'RequestEvent' },
);

export const RequestWithEvents = Type.Object(
  { ...RequestSchema.properties, events: Type.Array(RequestEventSchema) },
  { title: 'FollowupRequestWithEvents' },
);
export const RequestList = Type.Object({ requests: Type.Array(RequestSchema) }, { title: 'FollowupRequestList' });
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
  { title: 'Transition', additionalProperties: false },
);
