import type { FollowupRequestMessage } from '@svom/contracts';
import type { ObservationRequest } from '../db/request.repository.js';

/** The `svom.followup.request.<facility>` message of a request as it stands after an event. */
export function requestMessage(
  request: ObservationRequest,
  event: { kind: 'created' | 'updated' | 'transition'; reason: string | null; at: Date },
  triggerTime: string | null,
): FollowupRequestMessage {
  return {
    requestId: request.id,
    version: request.version,
    event: event.kind,
    burstId: request.burstId,
    facilityId: request.facilityId,
    status: request.status,
    raDeg: request.raDeg,
    decDeg: request.decDeg,
    errorRadiusDeg: request.errorRadiusDeg,
    positionIvorn: request.positionIvorn,
    triggerTime,
    windowStart: request.windowStart,
    windowEnd: request.windowEnd,
    altitudeDeg: request.altitudeDeg,
    sunAltitudeDeg: request.sunAltitudeDeg,
    moonDistanceDeg: request.moonDistanceDeg,
    reason: event.reason,
    at: event.at.toISOString(),
  };
}

/** `Nats-Msg-Id` of a request message: one per version, so a retried publish is stored once. */
export const requestMsgId = (request: { id: string; version: number }) => `${request.id}-v${request.version}`;
