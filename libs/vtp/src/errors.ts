/**
 * Error classes of @svom/vtp. Each carries a stable `code` so callers (the alerts service,
 * the CLI) can branch on it without matching messages, and a `cause` when it wraps another.
 */

/** Stable error codes of this library. */
export type VtpErrorCode = 'VTP_FRAME_TOO_LARGE' | 'VTP_PARSE' | 'VTP_TIMEOUT' | 'VTP_CONNECTION' | 'VTP_CONFIG';

/** Base class of every error thrown by @svom/vtp. */
export class VtpError extends Error {
  override name = 'VtpError';
  readonly code: VtpErrorCode;

  constructor(code: VtpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A length prefix announced more bytes than the configured maximum; the stream is unusable. */
export class VtpFrameTooLargeError extends VtpError {
  override name = 'VtpFrameTooLargeError';
  readonly frameBytes: number;
  readonly maxFrameBytes: number;

  constructor(frameBytes: number, maxFrameBytes: number) {
    super('VTP_FRAME_TOO_LARGE', `VTP frame of ${frameBytes} bytes exceeds the maximum of ${maxFrameBytes} bytes`);
    this.frameBytes = frameBytes;
    this.maxFrameBytes = maxFrameBytes;
  }
}

/** A payload that is neither a VOEvent nor a Transport document, or a malformed Transport. */
export class VtpParseError extends VtpError {
  override name = 'VtpParseError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('VTP_PARSE', message, options);
  }
}

/** No answer from the peer within the allowed time. */
export class VtpTimeoutError extends VtpError {
  override name = 'VtpTimeoutError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('VTP_TIMEOUT', message, options);
  }
}

/** The TCP connection failed or closed before the exchange completed. */
export class VtpConnectionError extends VtpError {
  override name = 'VtpConnectionError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('VTP_CONNECTION', message, options);
  }
}

/** An invalid option (for example an allowlist entry that is not an IP or CIDR). */
export class VtpConfigError extends VtpError {
  override name = 'VtpConfigError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('VTP_CONFIG', message, options);
  }
}
