import type { DecodedPacket } from '@svom/vhf';
import type { VhfPacketMessage } from '@svom/contracts';

/**
 * The message name a packet travels under: the frames of a multi-frame light curve go out as
 * `light-curve-frame`, so a subscriber of `...eclairs.light-curve` sees only whole light curves.
 */
export function publishedMessageName(packet: Pick<DecodedPacket, 'message' | 'sequenceFlags'>): string {
  return packet.sequenceFlags !== 'standalone' ? `${packet.message}-frame` : packet.message;
}

/**
 * The JSON published for one unique packet (libs/contracts VhfPacketMessage). The codec's
 * (source, message, fields) is one of the contract's variants by construction; the contracts
 * tests hold the codec's types and decoding to the schemas.
 */
export function packetMessage(
  packet: DecodedPacket,
  firstStationId: string,
  firstReceivedAt: string,
  publishedAt: string,
): VhfPacketMessage {
  return {
    key: packet.key,
    kind: 'packet',
    apid: packet.apid,
    source: packet.source,
    messageType: packet.messageType,
    message: publishedMessageName(packet),
    sequenceFlags: packet.sequenceFlags,
    sequenceCount: packet.sequenceCount,
    obt: packet.obt,
    // Only a light-curve frame comes without fields: the whole curve is decoded once joined.
    fields: packet.fields ?? { payloadHex: Buffer.from(packet.payload).toString('hex') },
    firstStationId,
    firstReceivedAt,
    publishedAt,
  } as VhfPacketMessage;
}
