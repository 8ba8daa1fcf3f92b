import { Type, type Static } from 'typebox';

/**
 * `svom.vhf.packet.<source>.<message>`: one unique decoded packet, or one completed multi-frame
 * message, published once with `Nats-Msg-Id` = its key. `fields` are the ICD-VHF v1 section 4
 * fields, decoded (angles in degrees, times ISO 8601 UTC).
 */
export const VhfPacketMessage = Type.Object(
  {
    key: Type.String({ description: 'packet key (APID, sequence count, OBT), or the multi-frame message key' }),
    kind: Type.Union([Type.Literal('packet'), Type.Literal('message')], {
      description: "'message' for a reassembled multi-frame message",
    }),
    apid: Type.Integer(),
    source: Type.String({ description: 'platform, eclairs, grm, mxt or vt' }),
    messageType: Type.Integer(),
    message: Type.String({
      description: 'recurrent, alert, slew-status, light-curve, light-curve-frame, trigger, position, candidates',
    }),
    sequenceFlags: Type.String(),
    sequenceCount: Type.Integer(),
    obt: Type.String({ format: 'date-time', description: 'on-board time the frame was made' }),
    fields: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    firstStationId: Type.String(),
    firstReceivedAt: Type.String({ format: 'date-time' }),
    publishedAt: Type.String({ format: 'date-time', description: 'when the FSC first offered it to JetStream' }),
  },
  { $id: 'https://fsc.svom.eu/schemas/messages/vhf-packet.json', additionalProperties: false },
);
export type VhfPacketMessage = Static<typeof VhfPacketMessage>;

export const vhfPacketExample: VhfPacketMessage = {
  key: '0320-01201-112490e99aa0',
  kind: 'packet',
  apid: 0x320,
  source: 'eclairs',
  messageType: 2,
  message: 'slew-status',
  sequenceFlags: 'standalone',
  sequenceCount: 1204,
  obt: '2026-02-11T19:24:30.604Z',
  fields: { alertSequenceId: 10597059, status: 'accepted', reason: 'none', time: '2026-02-11T19:24:29.604Z' },
  firstStationId: 'NCL1',
  firstReceivedAt: '2026-02-11T19:24:33.105Z',
  publishedAt: '2026-02-11T19:24:33.112Z',
};
