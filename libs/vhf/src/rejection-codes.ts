/**
 * Rejection codes of docs/ICD-VHF.md §6, in the order the checks run: the first failing
 * check gives the code. `BAD_BASE64` only comes from {@link decodeBase64Frame}.
 */
export const REJECTION_CODES = [
  'BAD_BASE64',
  'FRAME_TOO_SHORT',
  'FRAME_TOO_LONG',
  'LENGTH_MISMATCH',
  'BAD_VERSION',
  'NOT_TELEMETRY',
  'NO_SECONDARY_HEADER',
  'CRC_MISMATCH',
  'UNKNOWN_APID',
  'UNKNOWN_MESSAGE_TYPE',
  'PAYLOAD_SIZE',
  'BAD_FIELD',
] as const;

/** One of the ICD-VHF v1 rejection codes. */
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** Why a frame (or a reassembled payload) was rejected. */
export interface Rejection {
  readonly ok: false;
  readonly code: RejectionCode;
  /** Human-readable reason; for `BAD_FIELD` it starts with the field name. */
  readonly detail: string;
}

/** Builds a {@link Rejection}; failures are rare, so this allocation is not on the hot path. */
export function reject(code: RejectionCode, detail: string): Rejection {
  return { ok: false, code, detail };
}
