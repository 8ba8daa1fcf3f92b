import { Type } from 'typebox';
import { Nullable } from '@svom/service-kit';
import { messagesExample, packetExample, packetPageExample, rejectionPageExample } from './ingest.examples.js';

export const Packet = Type.Object(
  {
    key: Type.String({ description: 'packet key: APID (hex), sequence count, OBT cuc (hex)' }),
    apid: Type.Integer(),
    messageType: Type.Integer(),
    source: Type.String(),
    message: Type.String(),
    sequenceFlags: Type.String(),
    sequenceCount: Type.Integer(),
    obt: Type.String({ format: 'date-time' }),
    frame: Type.String({ description: 'base64 of the frame bytes' }),
    fields: Nullable(Type.Record(Type.String(), Type.Unknown())),
    firstStationId: Type.String(),
    firstReceivedAt: Type.String({ format: 'date-time' }),
    arrivedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Packet' },
);

export const PacketReception = Type.Object(
  {
    id: Type.Integer(),
    stationId: Type.String(),
    receivedAt: Nullable(Type.String({ format: 'date-time' })),
    arrivedAt: Type.String({ format: 'date-time' }),
    rssiDbm: Nullable(Type.Number()),
    status: Type.String(),
    conflict: Type.Boolean(),
    latencyMs: Nullable(Type.Number({ description: 'receivedAt − OBT' })),
    frame: Type.Optional(Type.String({ description: 'the bytes of a conflicting copy' })),
  },
  { title: 'PacketReception' },
);

export const PacketWithReceptions = Type.Intersect([Packet, Type.Object({ receptions: Type.Array(PacketReception) })], {
  title: 'PacketWithReceptions',
  examples: [packetExample],
});

export const PacketFilter = Type.Object({
  apid: Type.Optional(Type.Integer({ minimum: 0, maximum: 2047 })),
  source: Type.Optional(Type.String({ description: 'platform, eclairs, grm, mxt, vt' })),
  message: Type.Optional(Type.String({ description: 'e.g. alert, slew-status, light-curve-frame' })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'OBT at or after' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'OBT before' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  cursor: Type.Optional(Type.String()),
});

export const PacketPage = Type.Object(
  { packets: Type.Array(Packet), nextCursor: Nullable(Type.String()) },
  { title: 'PacketPage', examples: [packetPageExample] },
);

export const Rejection = Type.Object(
  {
    id: Type.Integer(),
    stationId: Type.String(),
    receivedAt: Nullable(Type.String({ format: 'date-time' })),
    arrivedAt: Type.String({ format: 'date-time' }),
    rssiDbm: Nullable(Type.Number()),
    frame: Type.String(),
    code: Type.String(),
    detail: Type.String(),
  },
  { title: 'Rejection' },
);

export const RejectionFilter = Type.Object({
  stationId: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'arrival at the FSC at or after' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  cursor: Type.Optional(Type.String()),
});

export const RejectionPage = Type.Object(
  { rejections: Type.Array(Rejection), nextCursor: Nullable(Type.String()) },
  { title: 'RejectionPage', examples: [rejectionPageExample] },
);

export const Message = Type.Object(
  {
    key: Type.String(),
    apid: Type.Integer(),
    source: Type.String(),
    message: Type.String(),
    status: Type.String({
      description: 'partial, complete, or incomplete (ICD-VHF 5: 10 minutes after its first frame)',
    }),
    firstCount: Type.Integer(),
    lastCount: Nullable(Type.Integer()),
    missingCounts: Nullable(Type.Array(Type.Integer())),
    firstObt: Type.String({ format: 'date-time' }),
    firstArrivedAt: Type.String({ format: 'date-time' }),
    completedAt: Nullable(Type.String({ format: 'date-time' })),
    fields: Nullable(Type.Record(Type.String(), Type.Unknown())),
  },
  { title: 'Message' },
);

export const MessageList = Type.Object(
  { messages: Type.Array(Message) },
  { title: 'MessageList', examples: [messagesExample] },
);

export const MessageFilter = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('partial'), Type.Literal('complete'), Type.Literal('incomplete')])),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
