/** Codes of {@link VhfEncodeError}: what an encoder refused to write. */
export type VhfEncodeErrorCode = 'VHF_FIELD_RANGE' | 'VHF_PAYLOAD_TOO_LONG' | 'VHF_BAD_HEADER' | 'VHF_BAD_TIME';

/**
 * Thrown by the encoders (never by the decoders) when a value cannot be represented in an
 * ICD-VHF v1 frame: encoding it anyway would put a different value on the wire.
 */
export class VhfEncodeError extends Error {
  override readonly name = 'VhfEncodeError';
  readonly code: VhfEncodeErrorCode;
  /** The field that could not be encoded, as the decoder names it (`thetaDeg`, `attitude`...). */
  readonly field: string;

  constructor(code: VhfEncodeErrorCode, field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.code = code;
    this.field = field;
  }
}
