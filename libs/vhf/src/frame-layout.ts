/** Byte layout of an ICD-VHF v1 frame (section 2). */

/** Shortest frame: 13 bytes of headers and message type, no payload, 2 bytes of CRC. */
export const MIN_FRAME_BYTES = 15;
/** Longest frame. */
export const MAX_FRAME_BYTES = 256;
/** Bytes that are not payload: primary header (6), OBT (6), message type (1), CRC (2). */
export const FRAME_OVERHEAD_BYTES = 15;
/** Largest payload one frame can carry. */
export const MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - FRAME_OVERHEAD_BYTES;
/** Offset of the OBT cuc. */
export const OBT_OFFSET = 6;
/** Offset of the message type byte. */
export const MESSAGE_TYPE_OFFSET = 12;
/** Offset of the payload. */
export const PAYLOAD_OFFSET = 13;
/** The CRC-16 that ends every frame. */
export const CRC_BYTES = 2;
/** Sequence counts are 14 bits, per APID, and wrap. */
export const SEQUENCE_COUNT_MODULUS = 16384;

/** How a frame sits in a message: alone, or first / middle / last of several. */
export type SequenceFlags = 'standalone' | 'first' | 'continuation' | 'last';

/** The 2-bit field value of each {@link SequenceFlags}. */
export const SEQUENCE_FLAG_BITS: Readonly<Record<SequenceFlags, number>> = {
  continuation: 0b00,
  first: 0b01,
  last: 0b10,
  standalone: 0b11,
};

/** Indexed by the 2-bit field value. */
export const SEQUENCE_FLAGS_BY_BITS: readonly SequenceFlags[] = ['continuation', 'first', 'last', 'standalone'];
