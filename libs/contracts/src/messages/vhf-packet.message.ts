import { fscSchemaId } from '../schema-id.js';
import { Type, type Static, type TSchema } from 'typebox';
import {
  EclairsAlertFields,
  GrmTriggerFields,
  LightCurveFields,
  LightCurveFrameFields,
  MxtPositionFields,
  PlatformRecurrentFields,
  SlewStatusFields,
  UndecodableMessageFields,
  VtCandidatesFields,
} from './vhf-packet-fields.js';

/** What every packet message carries besides its source, message and fields. */
const HEADER = {
  key: Type.String({ description: 'packet key (APID, sequence count, OBT), or the multi-frame message key' }),
  sequenceFlags: Type.Union(
    [Type.Literal('standalone'), Type.Literal('first'), Type.Literal('continuation'), Type.Literal('last')],
    { description: "'first' for a reassembled multi-frame message (the flags of its first frame)" },
  ),
  sequenceCount: Type.Integer({ minimum: 0, maximum: 16383 }),
  obt: Type.String({ format: 'date-time', description: 'on-board time the frame was made' }),
  firstStationId: Type.String(),
  firstReceivedAt: Type.String({ format: 'date-time' }),
  publishedAt: Type.String({ format: 'date-time', description: 'when the FSC first offered it to JetStream' }),
};
const PACKET = Type.Literal('packet');
const KIND = Type.Union([PACKET, Type.Literal('message')], {
  description: "'message' for a reassembled multi-frame message",
});

/** One (source, message) of the ICD: its APID and type on the wire, and the fields it decodes to. */
function variant<Source extends string, Message extends string, Kind extends TSchema, Fields extends TSchema>(
  source: Source,
  apid: number,
  messageType: number,
  message: Message,
  kind: Kind,
  fields: Fields,
) {
  return Type.Object({
    ...HEADER,
    kind,
    apid: Type.Literal(apid),
    source: Type.Literal(source),
    messageType: Type.Literal(messageType),
    message: Type.Literal(message),
    fields,
  });
}

/**
 * One schema per (source, message) that `svom.vhf.packet.<source>.<message>` carries. The frames
 * of a multi-frame light curve travel as `light-curve-frame`; the joined light curve as
 * `light-curve` with kind `message` (its fields say why when the joined payload is unusable).
 */
export const VHF_PACKET_VARIANTS = {
  'platform/recurrent': variant('platform', 0x310, 1, 'recurrent', PACKET, PlatformRecurrentFields),
  'eclairs/alert': variant('eclairs', 0x320, 1, 'alert', PACKET, EclairsAlertFields),
  'eclairs/slew-status': variant('eclairs', 0x320, 2, 'slew-status', PACKET, SlewStatusFields),
  'eclairs/light-curve': variant(
    'eclairs',
    0x320,
    3,
    'light-curve',
    KIND,
    Type.Union([LightCurveFields, UndecodableMessageFields]),
  ),
  'eclairs/light-curve-frame': variant('eclairs', 0x320, 3, 'light-curve-frame', PACKET, LightCurveFrameFields),
  'grm/trigger': variant('grm', 0x330, 1, 'trigger', PACKET, GrmTriggerFields),
  'mxt/position': variant('mxt', 0x340, 1, 'position', PACKET, MxtPositionFields),
  'vt/candidates': variant('vt', 0x350, 1, 'candidates', PACKET, VtCandidatesFields),
} as const;

type Variants = typeof VHF_PACKET_VARIANTS;

/**
 * `svom.vhf.packet.<source>.<message>`: one unique decoded packet, or one completed multi-frame
 * message, published once with `Nats-Msg-Id` = its key. A union discriminated by `source` and
 * `message`: a consumer that tests both gets the fields of that message, typed.
 */
export const VhfPacketMessage = Type.Union(
  [
    VHF_PACKET_VARIANTS['platform/recurrent'],
    VHF_PACKET_VARIANTS['eclairs/alert'],
    VHF_PACKET_VARIANTS['eclairs/slew-status'],
    VHF_PACKET_VARIANTS['eclairs/light-curve'],
    VHF_PACKET_VARIANTS['eclairs/light-curve-frame'],
    VHF_PACKET_VARIANTS['grm/trigger'],
    VHF_PACKET_VARIANTS['mxt/position'],
    VHF_PACKET_VARIANTS['vt/candidates'],
  ],
  { $id: fscSchemaId('messages/vhf-packet.schema.json') },
);
export type VhfPacketMessage = Static<typeof VhfPacketMessage>;

/**
 * The part every packet message shares, whatever its source and message: what a consumer checks
 * before it looks the variant up, so a message kind it does not know yet is still readable.
 */
export const VhfPacketHeader = Type.Object({
  ...HEADER,
  kind: KIND,
  apid: Type.Integer(),
  source: Type.String({ description: 'platform, eclairs, grm, mxt or vt' }),
  messageType: Type.Integer(),
  message: Type.String(),
  fields: Type.Unknown(),
});
export type VhfPacketHeader = Static<typeof VhfPacketHeader>;

/** `<source>/<message>` of every variant. */
export type VhfPacketVariantName = keyof Variants;

/** The schema of one (source, message), or undefined for a pair the ICD does not define. */
export function vhfPacketVariant(source: string, message: string): TSchema | undefined {
  return (VHF_PACKET_VARIANTS as Record<string, TSchema>)[`${source}/${message}`];
}

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
