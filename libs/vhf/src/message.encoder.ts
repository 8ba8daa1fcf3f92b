/** Encodes a whole message (fields) into its payload and frames, picking APID and type. */
import type { TimeInput } from './cuc-time.js';
import { encodeEclairsAlertPayload } from './eclairs-alert.codec.js';
import type { EclairsAlertInput } from './eclairs-alert.codec.js';
import { encodeFrame, encodeMultiFrame } from './frame.encoder.js';
import { encodeGrmTriggerPayload } from './grm-trigger.codec.js';
import type { GrmTriggerInput } from './grm-trigger.codec.js';
import { encodeLightCurvePayload } from './light-curve.codec.js';
import type { LightCurveInput } from './light-curve.codec.js';
import { messageSpecOfName } from './message-catalog.js';
import { encodeMxtPositionPayload } from './mxt-position.codec.js';
import type { MxtPositionInput } from './mxt-position.codec.js';
import { encodePlatformRecurrentPayload } from './platform.codec.js';
import type { PlatformRecurrentInput } from './platform.codec.js';
import { encodeSlewStatusPayload } from './slew-status.codec.js';
import type { SlewStatusInput } from './slew-status.codec.js';
import { encodeVtCandidatesPayload } from './vt-candidates.codec.js';
import type { VtCandidatesInput } from './vt-candidates.codec.js';

/** A message to encode, discriminated by `message`; a decoded standalone packet is one. */
export type MessageInput =
  | { message: 'recurrent'; fields: PlatformRecurrentInput }
  | { message: 'alert'; fields: EclairsAlertInput }
  | { message: 'slew-status'; fields: SlewStatusInput }
  | { message: 'light-curve'; fields: LightCurveInput }
  | { message: 'trigger'; fields: GrmTriggerInput }
  | { message: 'position'; fields: MxtPositionInput }
  | { message: 'candidates'; fields: VtCandidatesInput };

/**
 * The payload of a message (for a light curve, the whole joined payload).
 * @throws VhfEncodeError on a value the payload cannot carry
 */
export function encodeMessagePayload(input: MessageInput): Uint8Array {
  switch (input.message) {
    case 'recurrent':
      return encodePlatformRecurrentPayload(input.fields);
    case 'alert':
      return encodeEclairsAlertPayload(input.fields);
    case 'slew-status':
      return encodeSlewStatusPayload(input.fields);
    case 'light-curve':
      return encodeLightCurvePayload(input.fields);
    case 'trigger':
      return encodeGrmTriggerPayload(input.fields);
    case 'position':
      return encodeMxtPositionPayload(input.fields);
    case 'candidates':
      return encodeVtCandidatesPayload(input.fields);
  }
}

/** Where and when the frames of a message go. */
export interface MessageFramesOptions {
  /** Count of the (first) frame; a multi-frame message takes the next ones too. */
  sequenceCount: number;
  /** OBT of the (first) frame. */
  obt: TimeInput;
  /** For a light curve: OBT step between its frames in ms (default 1000). */
  frameIntervalMs?: number;
  /** For a light curve: payload bytes per frame (default 241). */
  maxPayloadBytesPerFrame?: number;
}

/**
 * The frames of a message: one standalone frame, or for a light curve as many as its payload
 * needs (`first` ... `last`, consecutive counts).
 * @throws VhfEncodeError on a value a frame cannot carry
 */
export function encodeMessageFrames(input: MessageInput, options: MessageFramesOptions): Uint8Array[] {
  const spec = messageSpecOfName(input.message);
  const payload = encodeMessagePayload(input);
  if (!spec.multiFrame) {
    return [
      encodeFrame({
        apid: spec.apid,
        messageType: spec.messageType,
        sequenceFlags: 'standalone',
        sequenceCount: options.sequenceCount,
        obt: options.obt,
        payload,
      }),
    ];
  }
  return encodeMultiFrame({
    apid: spec.apid,
    messageType: spec.messageType,
    firstSequenceCount: options.sequenceCount,
    obt: options.obt,
    payload,
    ...(options.frameIntervalMs !== undefined ? { frameIntervalMs: options.frameIntervalMs } : {}),
    ...(options.maxPayloadBytesPerFrame !== undefined
      ? { maxPayloadBytesPerFrame: options.maxPayloadBytesPerFrame }
      : {}),
  });
}
