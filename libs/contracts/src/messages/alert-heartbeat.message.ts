import { fscSchemaId } from '../schema-id.js';
import { Type, type Static } from 'typebox';

/**
 * `svom.alerts.heartbeat`: every second from each alerts instance, so a subscriber that hears
 * nothing for a few seconds knows the notice stream, not the sky, has gone quiet.
 */
export const AlertHeartbeatMessage = Type.Object(
  {
    instance: Type.String({ description: 'which alerts instance (host and pid)' }),
    sequence: Type.Integer({ minimum: 0, description: 'counts up from 0 at each start' }),
    at: Type.String({ format: 'date-time' }),
    lastNoticeAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'when this instance last issued a notice',
    }),
    vtpSubscribers: Type.Integer({ minimum: 0, description: 'VTP subscribers connected to this instance' }),
  },
  { $id: fscSchemaId('messages/alert-heartbeat.schema.json') },
);
export type AlertHeartbeatMessage = Static<typeof AlertHeartbeatMessage>;

export const alertHeartbeatExample: AlertHeartbeatMessage = {
  instance: 'fsc-alerts-1:4711',
  sequence: 86399,
  at: '2026-03-14T02:13:42.000Z',
  lastNoticeAt: '2026-03-14T02:13:41.120Z',
  vtpSubscribers: 12,
};
