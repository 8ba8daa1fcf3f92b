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
  /** Largest frame read; a bigger length prefix throws {@link VtpFrameTooLargeError}. */
  maxFrameBytes?: number;
  /**
   * Largest payload kept whole (default `maxFrameBytes`). A frame over it but within
   * `maxFrameBytes` is read past without being kept: only its first `headBytes` come out, with
   * `frameBytes` saying how long it was, so the receiver can nak it by its ivorn without
   * holding it, and the framing survives.
   */
  maxPayloadBytes?: number;
  /** Bytes kept of a frame over `maxPayloadBytes` (default 4 KiB: a VOEvent's root start tag). */
  headBytes?: number;
}

/** A decoded frame: its payload, whole unless `payload.length < frameBytes` (an oversize frame's head). */
export interface DecodedFrame {
  payload: Buffer;
  frameBytes: number;
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
  readonly maxPayloadBytes: number;
  readonly headBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the payload being assembled, once its prefix has been read. */
  private payloadBytes: number | undefined;
  /** The kept head of an oversize frame, once read, and how many of its bytes remain to skip. */
  private head: Buffer | undefined;
  private skipBytes = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.maxPayloadBytes = Math.min(options.maxPayloadBytes ?? this.maxFrameBytes, this.maxFrameBytes);
    this.headBytes = options.headBytes ?? 4096;
  }

  /** Bytes received but not yet returned as part of a payload (prefix and kept head included). */
  get bufferedBytes(): number {
    return this.buffered + (this.payloadBytes === undefined ? 0 : FRAME_HEADER_BYTES) + (this.head?.length ?? 0);
  }

  /** Whether part of a frame has been read and the rest is awaited. */
  get inFrame(): boolean {
    return this.buffered > 0 || this.payloadBytes !== undefined;
  }

  /**
   * Add one chunk and return the payloads it completes, in order (possibly none).
   * @throws VtpFrameTooLargeError when a length prefix exceeds `maxFrameBytes`.
   */
  push(chunk: Uint8Array): Buffer[] {
    return this.pushFrames(chunk).map((f) => f.payload);
  }

  /**
   * {@link push}, with each frame's announced length (an oversize frame comes out as its head).
   * @throws VtpFrameTooLargeError when a length prefix exceeds `maxFrameBytes`.
   */
  pushFrames(chunk: Uint8Array): DecodedFrame[] {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.buffered += chunk.length;
    }
    const frames: DecodedFrame[] = [];
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
      const frameBytes = this.payloadBytes;
      if (frameBytes <= this.maxPayloadBytes) {
        if (this.buffered < frameBytes) break;
        frames.push({ payload: this.take(frameBytes), frameBytes });
      } else {
        if (this.head === undefined) {
          const keep = Math.min(this.headBytes, frameBytes);
          if (this.buffered < keep) break;
          // A copy: the head must not pin the (possibly large) chunk it was cut from.
          this.head = Buffer.from(this.take(keep));
          this.skipBytes = frameBytes - keep;
        }
        const skipped = Math.min(this.skipBytes, this.buffered);
        this.drop(skipped);
        this.skipBytes -= skipped;
        if (this.skipBytes > 0) break;
        frames.push({ payload: this.head, frameBytes });
        this.head = undefined;
      }
      this.payloadBytes = undefined;
    }
    return frames;
  }

  /** Forget any partial frame. */
  reset(): void {
    this.chunks = [];
    this.buffered = 0;
    this.payloadBytes = undefined;
    this.head = undefined;
    this.skipBytes = 0;
  }

  /** Discard the next `n` buffered bytes. */
  private drop(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const first = this.chunks[0] as Buffer;
      if (first.length <= n) {
        n -= first.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = first.subarray(n);
        n = 0;
      }
    }
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
