import { fscSchemaId } from '../schema-id.js';
import { Type, type Static } from 'typebox';

export const FollowupRequestStatus = Type.Union(
  [
    Type.Literal('requested'),
    Type.Literal('acknowledged'),
    Type.Literal('observing'),
    Type.Literal('completed'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ],
  { description: 'requested → acknowledged → observing → completed | failed | cancelled' },
);

/**
 * `svom.followup.request.<facility>`: an observation request for one facility, published when it
 * is made, when a better position moves it, and at each status transition. `Nats-Msg-Id` =
 * `<requestId>-v<version>`; a facility keeps the highest `version` it has seen.
 */
export const FollowupRequestMessage = Type.Object(
  {
    requestId: Type.String({ description: '<burstId>-<facilityId>' }),
    version: Type.Integer({ minimum: 1, description: 'grows by one at every change' }),
    event: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('transition')]),
    burstId: Type.String(),
    facilityId: Type.String(),
    status: FollowupRequestStatus,
    raDeg: Type.Number({ minimum: 0, maximum: 360, description: 'ICRS' }),
    decDeg: Type.Number({ minimum: -90, maximum: 90 }),
    errorRadiusDeg: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
      description: 'of the notice position; null when the notice gave none',
    }),
    positionIvorn: Type.String({ description: 'the notice the position comes from' }),
    triggerTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    windowStart: Type.String({
      format: 'date-time',
      description: 'the visibility window under the facility limits (geometric altitudes, no refraction)',
    }),
    windowEnd: Type.String({ format: 'date-time' }),
    altitudeDeg: Type.Number({ description: 'target altitude when the request was made or moved' }),
    sunAltitudeDeg: Type.Number(),
    moonDistanceDeg: Type.Number(),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'why the last change was made' }),
    at: Type.String({ format: 'date-time' }),
  },
  { $id: fscSchemaId('messages/followup-request.schema.json') },
);
export type FollowupRequestMessage = Static<typeof FollowupRequestMessage>;

export const followupRequestExample: FollowupRequestMessage = {
  requestId: 'sb26011501-GWAC',
  version: 2,
  event: 'updated',
  burstId: 'sb26011501',
  facilityId: 'GWAC',
  status: 'requested',
  raDeg: 61.2874,
  decDeg: 40.1021,
  errorRadiusDeg: 0.034,
  positionIvorn: 'ivo://org.svom/fsc#sb26011501_mxt-initial_qf2',
  triggerTime: '2026-01-15T13:58:12.340Z',
  windowStart: '2026-01-15T14:02:00.000Z',
  windowEnd: '2026-01-15T21:40:31.000Z',
  altitudeDeg: 78.41,
  sunAltitudeDeg: -48.2,
  moonDistanceDeg: 121.7,
  reason: 'better position (0.034° from 0.1°)',
  at: '2026-01-15T14:09:03.512Z',
};
