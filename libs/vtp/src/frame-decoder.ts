import { VtpFrameTooLargeError } from './errors.js';

/** Bytes of the VTP length prefix: a 32-bit unsigned big-endian count (VTP 2.0 §3.2). */
export const FRAME_HEADER_BYTES = 4;

/**
 * Default cap on one payload. Real VOEvents are a few kB (the largest GCN notices stay under
 * 100 kB); 1 MiB leaves room while stopping a peer (or a stray HTTP client, whose "GET " reads
 * as a 1.2 GB length) from making us buffer without bound.
 */
export const DEFAULT_MAX_FRAME_BYTES = 1_048_576;

/** Prefix an XML payload with its 4-byte big-endian length, ready to write to a socket. */
export function encodeFrame(payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  frame.set(body, FRAME_HEADER_BYTES);
  return frame;
}

/** Options of {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Largest payload accepted; a bigger length prefix throws {@link VtpFrameTooLargeError}. */
  maxFrameBytes?: number;
}

/**
 * Streaming decoder of VTP frames: feed it TCP chunks as they arrive, get back every payload
 * completed by that chunk. Chunks are kept in a list and joined once per frame, so a large
 * message arriving in many small reads costs O(n), not O(n²).
 *
 * After a {@link VtpFrameTooLargeError} the byte stream has lost its framing; the caller must
 * drop the connection (the decoder resets itself but cannot resynchronise).
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the payload being assembled, once its prefix has been read. */
  private payloadBytes: number | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes received but not yet returned as part of a payload (prefix included). */
  get bufferedBytes(): number {
    return this.buffered + (this.payloadBytes === undefined ? 0 : FRAME_HEADER_BYTES);
  }

  /**
   * Add one chunk and return the payloads it completes, in order (possibly none).
   * @throws VtpFrameTooLargeError when a length prefix exceeds `maxFrameBytes`.
   */
  push(chunk: Uint8Array): Buffer[] {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.buffered += chunk.length;
    }
    const payloads: Buffer[] = [];
    for (;;) {
      if (this.payloadBytes === undefined) {
        if (this.buffered < FRAME_HEADER_BYTES) break;
        const length = this.take(FRAME_HEADER_BYTES).readUInt32BE(0);
        if (length > this.maxFrameBytes) {
          this.reset();
          throw new VtpFrameTooLargeError(length, this.maxFrameBytes);
        }
        this.payloadBytes = length;
      }
      if (this.buffered < this.payloadBytes) break;
      payloads.push(this.take(this.payloadBytes));
      this.payloadBytes = undefined;
    }
    return payloads;
  }

  /** Forget any partial frame. */
  reset(): void {
    this.chunks = [];
    this.buffered = 0;
    this.payloadBytes = undefined;
  }

  /** Remove and return the next `n` buffered bytes; zero-copy when one chunk holds them. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0] as Buffer;
      const used = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(used);
    }
    return out;
  }
}
