/**
 * The frame decoder: every check of docs/ICD-VHF.md §6 in its order, then the payload.
 * Runs at ingest rate (>10k frames/s): one DataView per frame, no copies, and it never throws.
 */
import { base64Error, decodeCheckedBase64 } from './base64.js';
import { crc16CcittFalse } from './crc16.js';
import { cucToIso } from './cuc-time.js';
import { decodeEclairsAlertPayload } from './eclairs-alert.codec.js';
import {
  FRAME_OVERHEAD_BYTES,
  MAX_FRAME_BYTES,
  MESSAGE_TYPE_OFFSET,
  MIN_FRAME_BYTES,
  OBT_OFFSET,
  PAYLOAD_OFFSET,
  CRC_BYTES,
  SEQUENCE_FLAGS_BY_BITS,
} from './frame-layout.js';
import type { SequenceFlags } from './frame-layout.js';
import { decodeGrmTriggerPayload } from './grm-trigger.codec.js';
import { decodeLightCurvePayload, lightCurveSizeError } from './light-curve.codec.js';
import { isKnownApid, messageSpecOf } from './message-catalog.js';
import type { MessageSpec } from './message-catalog.js';
import { decodeMxtPositionPayload } from './mxt-position.codec.js';
import type { DecodeResult, DecodedPacket, MessageFields } from './packet.types.js';
import { packetKey } from './packet-key.js';
import { decodePlatformRecurrentPayload } from './platform.codec.js';
import { reject } from './rejection-codes.js';
import { decodeSlewStatusPayload } from './slew-status.codec.js';
import { decodeVtCandidatesPayload, vtCandidatesSizeError } from './vt-candidates.codec.js';

/** Longest base64 text of a frame within {@link MAX_FRAME_BYTES}. */
const MAX_FRAME_BASE64_CHARS = Math.ceil(MAX_FRAME_BYTES / 3) * 4;

/**
 * Decodes one ICD-VHF v1 frame. Never throws, whatever the bytes.
 * @returns `{ ok: true, packet }`, or `{ ok: false, code, detail }` with the code of the first
 *   failed check of ICD section 6
 */
export function decodeFrame(frame: Uint8Array): DecodeResult {
  const length = frame.length;
  if (length < MIN_FRAME_BYTES) return reject('FRAME_TOO_SHORT', `${length} bytes, at least ${MIN_FRAME_BYTES} needed`);
  if (length > MAX_FRAME_BYTES) return reject('FRAME_TOO_LONG', `${length} bytes, at most ${MAX_FRAME_BYTES} allowed`);
  const view = new DataView(frame.buffer, frame.byteOffset, length);
  const dataLength = view.getUint16(4);
  if (dataLength !== length - 7) {
    return reject(
      'LENGTH_MISMATCH',
      `packet data length ${dataLength} but the frame has ${length} bytes (expected ${length - 7})`,
    );
  }
  const word0 = view.getUint16(0);
  if (word0 >>> 13 !== 0) return reject('BAD_VERSION', `version ${word0 >>> 13}, expected 0`);
  if ((word0 & 0x1000) !== 0) return reject('NOT_TELEMETRY', 'packet type bit is 1 (telecommand)');
  if ((word0 & 0x0800) === 0) return reject('NO_SECONDARY_HEADER', 'secondary header flag is 0');
  const crc = crc16CcittFalse(frame, 0, length - 2);
  const crcOnWire = view.getUint16(length - 2);
  if (crc !== crcOnWire) {
    return reject('CRC_MISMATCH', `CRC 0x${hex4(crcOnWire)} on the wire, 0x${hex4(crc)} computed`);
  }
  const apid = word0 & 0x07ff;
  if (!isKnownApid(apid)) return reject('UNKNOWN_APID', `APID 0x${hex4(apid)}`);
  const messageType = view.getUint8(MESSAGE_TYPE_OFFSET);
  const spec = messageSpecOf(apid, messageType);
  if (spec === undefined) return reject('UNKNOWN_MESSAGE_TYPE', `type ${messageType} for APID 0x${hex4(apid)}`);

  const word1 = view.getUint16(2);
  const sequenceFlags = SEQUENCE_FLAGS_BY_BITS[word1 >>> 14] as SequenceFlags;
  const payloadBytes = length - FRAME_OVERHEAD_BYTES;
  const standalone = sequenceFlags === 'standalone';
  // A multi-frame segment carries any slice of its message; other messages have their size.
  const sizeError = standalone || !spec.multiFrame ? payloadSizeError(spec, view, payloadBytes) : null;
  if (sizeError !== null) return reject('PAYLOAD_SIZE', sizeError);

  let fields: MessageFields | string | null = null;
  if (standalone) fields = decodePayload(spec, view);
  else if (!spec.multiFrame)
    fields = `sequenceFlags: ${sequenceFlags}, but ${spec.source} ${spec.message} is a single-frame message`;
  if (typeof fields === 'string') return reject('BAD_FIELD', fields);

  const obtSeconds = view.getUint32(OBT_OFFSET);
  const obtSubseconds = view.getUint16(OBT_OFFSET + 4);
  const sequenceCount = word1 & 0x3fff;
  const packet = {
    apid,
    source: spec.source,
    messageType,
    message: spec.message,
    sequenceFlags,
    sequenceCount,
    obt: cucToIso(obtSeconds, obtSubseconds),
    obtSeconds,
    obtSubseconds,
    key: packetKey(apid, sequenceCount, obtSeconds, obtSubseconds),
    payload: frame.subarray(PAYLOAD_OFFSET, length - CRC_BYTES),
    fields,
  } as DecodedPacket; // `message` and `fields` agree: both come from `spec`.
  return { ok: true, packet };
}

/**
 * Decodes a frame given as base64 text (a reception's `frame`). Never throws.
 * @returns as {@link decodeFrame}, or `BAD_BASE64` when the text is not strict padded base64
 */
export function decodeBase64Frame(base64: string): DecodeResult {
  if (typeof base64 !== 'string') return reject('BAD_BASE64', 'not a string');
  const error = base64Error(base64);
  if (error !== null) return reject('BAD_BASE64', error);
  // Decoding a huge text only to learn that it is too long would be wasted work.
  if (base64.length > MAX_FRAME_BASE64_CHARS) {
    return reject('FRAME_TOO_LONG', `about ${(base64.length / 4) * 3} bytes, at most ${MAX_FRAME_BYTES} allowed`);
  }
  return decodeFrame(decodeCheckedBase64(base64));
}

function payloadSizeError(spec: MessageSpec, view: DataView, payloadBytes: number): string | null {
  if (spec.payloadBytes !== null) {
    return payloadBytes === spec.payloadBytes
      ? null
      : `${spec.source} ${spec.message} payload is ${payloadBytes} bytes, expected ${spec.payloadBytes}`;
  }
  return spec.message === 'light-curve'
    ? lightCurveSizeError(view, PAYLOAD_OFFSET, payloadBytes)
    : vtCandidatesSizeError(view, PAYLOAD_OFFSET, payloadBytes);
}

function decodePayload(spec: MessageSpec, view: DataView): MessageFields | string {
  switch (spec.message) {
    case 'recurrent':
      return decodePlatformRecurrentPayload(view, PAYLOAD_OFFSET);
    case 'alert':
      return decodeEclairsAlertPayload(view, PAYLOAD_OFFSET);
    case 'slew-status':
      return decodeSlewStatusPayload(view, PAYLOAD_OFFSET);
    case 'light-curve':
      return decodeLightCurvePayload(view, PAYLOAD_OFFSET);
    case 'trigger':
      return decodeGrmTriggerPayload(view, PAYLOAD_OFFSET);
    case 'position':
      return decodeMxtPositionPayload(view, PAYLOAD_OFFSET);
    case 'candidates':
      return decodeVtCandidatesPayload(view, PAYLOAD_OFFSET);
  }
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}
