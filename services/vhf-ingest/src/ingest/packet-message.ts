import type { DecodedPacket } from '@svom/vhf';
import type { VhfPacketMessage } from '@svom/contracts';

/**
 * The message name a packet travels under: the frames of a multi-frame light curve go out as
 * `light-curve-frame`, so a subscriber of `...eclairs.light-curve` sees only whole light curves.
 */
export function publishedMessageName(packet: Pick<DecodedPacket, 'message' | 'sequenceFlags'>): string {
  return packet.sequenceFlags !== 'standalone' ? `${packet.message}-frame` : packet.message;
}

/** The JSON published for one unique packet (libs/contracts VhfPacketMessage). */
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
    fields:
      (packet.fields as Record<string, unknown> | null) ??
      (packet.sequenceFlags !== 'standalone' ? { payloadHex: Buffer.from(packet.payload).toString('hex') } : null),
    firstStationId,
    firstReceivedAt,
    publishedAt,
  };
}
