/** The frame encoder: headers and CRC around a payload (docs/ICD-VHF.md §2), the decoder's inverse. */
import { crc16CcittFalse } from './crc16.js';
import { toCuc } from './cuc-time.js';
import type { Cuc, TimeInput } from './cuc-time.js';
import { VhfEncodeError } from './encode-error.js';
import {
  FRAME_OVERHEAD_BYTES,
  MAX_PAYLOAD_BYTES,
  MESSAGE_TYPE_OFFSET,
  OBT_OFFSET,
  PAYLOAD_OFFSET,
  SEQUENCE_COUNT_MODULUS,
  SEQUENCE_FLAG_BITS,
} from './frame-layout.js';
import type { SequenceFlags } from './frame-layout.js';

/** What {@link encodeFrame} takes. */
export interface FrameInput {
  /** 11-bit APID; any value is written (to make test frames), the decoder checks it. */
  apid: number;
  messageType: number;
  sequenceFlags: SequenceFlags;
  sequenceCount: number;
  /** On-board time; a {@link Cuc} is exact, a string or Date is rounded to the millisecond. */
  obt: TimeInput;
  payload: Uint8Array;
}

/**
 * Builds one frame: primary header, OBT, message type, payload and CRC-16/CCITT-FALSE.
 * @throws VhfEncodeError when a header value is out of range or the payload over 241 bytes
 */
export function encodeFrame(input: FrameInput): Uint8Array {
  const { apid, messageType, sequenceFlags, sequenceCount, payload } = input;
  checkInt(apid, 0x7ff, 'apid');
  checkInt(messageType, 0xff, 'messageType');
  checkInt(sequenceCount, SEQUENCE_COUNT_MODULUS - 1, 'sequenceCount');
  const flagBits = SEQUENCE_FLAG_BITS[sequenceFlags];
  if (flagBits === undefined)
    throw new VhfEncodeError('VHF_BAD_HEADER', 'sequenceFlags', `unknown ${String(sequenceFlags)}`);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new VhfEncodeError(
      'VHF_PAYLOAD_TOO_LONG',
      'payload',
      `${payload.length} bytes, at most ${MAX_PAYLOAD_BYTES} per frame`,
    );
  }
  const obt = toCuc(input.obt, 'obt');
  const length = payload.length + FRAME_OVERHEAD_BYTES;
  const frame = new Uint8Array(length);
  const view = new DataView(frame.buffer);
  // version 0, type 0 (telemetry), secondary header flag 1, APID.
  view.setUint16(0, 0x0800 | apid);
  view.setUint16(2, (flagBits << 14) | sequenceCount);
  view.setUint16(4, length - 7);
  view.setUint32(OBT_OFFSET, obt.seconds);
  view.setUint16(OBT_OFFSET + 4, obt.subseconds);
  view.setUint8(MESSAGE_TYPE_OFFSET, messageType);
  frame.set(payload, PAYLOAD_OFFSET);
  view.setUint16(length - 2, crc16CcittFalse(frame, 0, length - 2));
  return frame;
}

/** What {@link encodeMultiFrame} takes. */
export interface MultiFrameInput {
  apid: number;
  messageType: number;
  /** Count of the first frame; the next frames take the next counts, wrapping at 16384. */
  firstSequenceCount: number;
  /** OBT of the first frame. */
  obt: TimeInput;
  /** OBT step from one frame to the next, in ms (default 1000: one frame a second). */
  frameIntervalMs?: number;
  /** The whole message payload (for instance from `encodeLightCurvePayload`). */
  payload: Uint8Array;
  /** Largest payload per frame, 1 to 241 (default 241). */
  maxPayloadBytesPerFrame?: number;
}

/**
 * Splits a message payload into frames `first`, `continuation`..., `last` with consecutive
 * counts, or one `standalone` frame when it fits.
 * @throws VhfEncodeError on a bad header value or chunk size
 */
export function encodeMultiFrame(input: MultiFrameInput): Uint8Array[] {
  const chunk = input.maxPayloadBytesPerFrame ?? MAX_PAYLOAD_BYTES;
  checkInt(chunk, MAX_PAYLOAD_BYTES, 'maxPayloadBytesPerFrame');
  if (chunk < 1) throw new VhfEncodeError('VHF_BAD_HEADER', 'maxPayloadBytesPerFrame', 'must be at least 1');
  checkInt(input.firstSequenceCount, SEQUENCE_COUNT_MODULUS - 1, 'firstSequenceCount');
  const frameCount = Math.max(1, Math.ceil(input.payload.length / chunk));
  const firstObt = toCuc(input.obt, 'obt');
  const intervalMs = input.frameIntervalMs ?? 1000;
  const frames: Uint8Array[] = [];
  for (let i = 0; i < frameCount; i++) {
    const sequenceFlags: SequenceFlags =
      frameCount === 1 ? 'standalone' : i === 0 ? 'first' : i === frameCount - 1 ? 'last' : 'continuation';
    const obt = addMs(firstObt, i * intervalMs);
    frames.push(
      encodeFrame({
        apid: input.apid,
        messageType: input.messageType,
        sequenceFlags,
        sequenceCount: (input.firstSequenceCount + i) % SEQUENCE_COUNT_MODULUS,
        obt,
        payload: input.payload.subarray(i * chunk, (i + 1) * chunk),
      }),
    );
  }
  return frames;
}

function checkInt(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new VhfEncodeError('VHF_BAD_HEADER', field, `${String(value)} outside 0..${max}`);
  }
}

/** Steps a cuc in 1/65536 s, so whole-second intervals keep the first frame's fraction exactly. */
function addMs(cuc: Cuc, ms: number): Cuc {
  const ticks = cuc.seconds * 65536 + cuc.subseconds + Math.round((ms * 65536) / 1000);
  const seconds = Math.floor(ticks / 65536);
  if (seconds < 0 || seconds > 0xffffffff) throw new VhfEncodeError('VHF_BAD_TIME', 'obt', 'outside the cuc range');
  return { seconds, subseconds: ticks - seconds * 65536 };
}
