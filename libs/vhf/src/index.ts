/**
 * @svom/vhf: the ICD-VHF v1 codec (frames relayed by VHF stations), pure, no I/O.
 * Decoder, encoders and reassembly of multi-frame messages; the traffic simulator is @svom/vhf-sim.
 * The contract is docs/ICD-VHF.md; "ICD-VHF section N" in this library's comments means its section N.
 */
export { REJECTION_CODES } from './rejection-codes.js';
export type { RejectionCode, Rejection } from './rejection-codes.js';
export { VhfEncodeError } from './encode-error.js';
export type { VhfEncodeErrorCode } from './encode-error.js';

export {
  CRC_BYTES,
  FRAME_OVERHEAD_BYTES,
  MAX_FRAME_BYTES,
  MAX_PAYLOAD_BYTES,
  MIN_FRAME_BYTES,
  OBT_OFFSET,
  PAYLOAD_OFFSET,
  SEQUENCE_COUNT_MODULUS,
} from './frame-layout.js';
export type { SequenceFlags } from './frame-layout.js';
export {
  APIDS,
  MESSAGE_SPECS,
  isKnownApid,
  messageSpecOf,
  messageSpecOfName,
  sourceOfApid,
} from './message-catalog.js';
export type { MessageName, MessageSpec, PacketSource } from './message-catalog.js';

export { CUC_EPOCH_UNIX_MS, cucToIso, cucToUnixMs, timeInputToUnixMs, toCuc, unixMsToCuc } from './cuc-time.js';
export type { Cuc, TimeInput } from './cuc-time.js';
export { QUATERNION_NORM_TOLERANCE, isUnitQuaternion } from './fixed-point.js';
export { crc16CcittFalse } from './crc16.js';
export { base64Error, encodeBase64 } from './base64.js';
export { packetKey, parsePacketKey } from './packet-key.js';
export type { PacketKeyParts } from './packet-key.js';
export { addSequenceCount, sequenceCountDistance } from './sequence-count.js';

export { decodeBase64Frame, decodeFrame } from './frame.decoder.js';
export type { DecodeResult, DecodedPacket, MessageFields, PacketBody, PacketHeader } from './packet.types.js';

export { encodeFrame, encodeMultiFrame } from './frame.encoder.js';
export type { FrameInput, MultiFrameInput } from './frame.encoder.js';
export { encodeMessageFrames, encodeMessagePayload } from './message.encoder.js';
export type { MessageFramesOptions, MessageInput } from './message.encoder.js';

export { encodePlatformRecurrentPayload } from './platform.codec.js';
export type { PlatformRecurrentFields, PlatformRecurrentInput, Programme } from './platform.codec.js';
export { encodeEclairsAlertPayload } from './eclairs-alert.codec.js';
export type { EclairsAlertFields, EclairsAlertInput, EclairsTriggerType } from './eclairs-alert.codec.js';
export { encodeSlewStatusPayload } from './slew-status.codec.js';
export type { SlewReason, SlewStatus, SlewStatusFields, SlewStatusInput } from './slew-status.codec.js';
export { decodeLightCurve, encodeLightCurvePayload } from './light-curve.codec.js';
export type { LightCurveFields, LightCurveInput, LightCurveResult } from './light-curve.codec.js';
export { encodeGrmTriggerPayload } from './grm-trigger.codec.js';
export type { GrmTriggerFields, GrmTriggerInput } from './grm-trigger.codec.js';
export { encodeMxtPositionPayload, mxtQuality } from './mxt-position.codec.js';
export type { MxtPositionFields, MxtPositionInput, MxtQuality } from './mxt-position.codec.js';
export { VT_MAX_CANDIDATES, encodeVtCandidatesPayload } from './vt-candidates.codec.js';
export type { VtCandidate, VtCandidatesFields, VtCandidatesInput } from './vt-candidates.codec.js';

export { assembleMessage, circularOrder, groupSegments } from './reassembly.js';
export type { AssemblyResult, CompleteMessage, IncompleteMessage, SegmentFrame, SegmentGroup } from './reassembly.js';
