/** What {@link decodeFrame} gives for a valid frame. */
import type { EclairsAlertFields } from './eclairs-alert.codec.js';
import type { SequenceFlags } from './frame-layout.js';
import type { GrmTriggerFields } from './grm-trigger.codec.js';
import type { LightCurveFields } from './light-curve.codec.js';
import type { PacketSource } from './message-catalog.js';
import type { MxtPositionFields } from './mxt-position.codec.js';
import type { PlatformRecurrentFields } from './platform.codec.js';
import type { Rejection } from './rejection-codes.js';
import type { SlewStatusFields } from './slew-status.codec.js';
import type { VtCandidatesFields } from './vt-candidates.codec.js';

/** The primary and secondary headers of a frame, and its identity. */
export interface PacketHeader {
  apid: number;
  source: PacketSource;
  messageType: number;
  sequenceFlags: SequenceFlags;
  /** 0 to 16383, per APID, wraps. */
  sequenceCount: number;
  /** On-board time the frame was made, ISO 8601 UTC with milliseconds. */
  obt: string;
  /** OBT whole seconds since 2017-01-01T00:00:00Z (cuc uint32). */
  obtSeconds: number;
  /** OBT fraction, 1/65536 s (cuc uint16). */
  obtSubseconds: number;
  /** Packet key (APID, count, OBT), see `packetKey`. */
  key: string;
  /**
   * The payload bytes: a view into the decoded frame, not a copy, so copy it before the
   * frame's buffer is reused.
   */
  payload: Uint8Array;
}

/** The message and its decoded fields, discriminated by `message`. */
export type PacketBody =
  | { message: 'recurrent'; fields: PlatformRecurrentFields }
  | { message: 'alert'; fields: EclairsAlertFields }
  | { message: 'slew-status'; fields: SlewStatusFields }
  /** `fields` is null for a frame of a multi-frame light curve: decode it after reassembly. */
  | { message: 'light-curve'; fields: LightCurveFields | null }
  | { message: 'trigger'; fields: GrmTriggerFields }
  | { message: 'position'; fields: MxtPositionFields }
  | { message: 'candidates'; fields: VtCandidatesFields };

/** A valid frame, decoded. */
export type DecodedPacket = PacketHeader & PacketBody;

/** The message fields of any message. */
export type MessageFields = PacketBody['fields'];

/** Result of decoding one frame: the packet, or the first ICD section 6 check that failed. */
export type DecodeResult = { readonly ok: true; readonly packet: DecodedPacket } | Rejection;
