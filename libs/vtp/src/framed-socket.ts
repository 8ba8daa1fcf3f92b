import type { Server, Socket } from 'node:net';
import { FrameDecoder } from './frame-decoder.js';
import type { DecodedFrame } from './frame-decoder.js';

/**
 * Socket plumbing shared by the broker, the receiver and the clients: frame decoding on
 * 'data', the partial-frame deadline, pause/resume for back-pressure, and listen/close helpers
 * that turn Node callbacks into promises.
 */

/** Why a frame reader cut its socket. */
export type FrameDropReason = 'frame-too-large' | 'frame-deadline' | 'handler-error';

/** Options of {@link readFrames}. */
export interface ReadFramesOptions {
  /** Largest frame read; a bigger length prefix cuts the connection (framing is lost). */
  maxFrameBytes: number;
  /** Largest payload kept whole; bigger frames come out as their head ({@link DecodedFrame}). */
  maxPayloadBytes?: number;
  /** A frame begun must be complete within this time, or the connection is cut (0: no deadline). */
  frameDeadlineMs?: number;
  /** One complete frame. Whatever it throws is caught: `onDrop('handler-error')`, socket cut. */
  onFrame(frame: DecodedFrame): void;
  /** Told once, just before the reader destroys the socket. */
  onDrop(reason: FrameDropReason, error: unknown): void;
}

/** Control over a socket read by {@link readFrames}. */
export interface FrameReader {
  /** Stop reading (the kernel's buffers then push back on the peer); the frame deadline stops too. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Bytes held for frames not yet complete. */
  readonly bufferedBytes: number;
}

/**
 * Decode frames from `socket` and hand each to `onFrame`. This is the one place bytes from a
 * peer enter the library, so nothing thrown while decoding or handling them leaves it: the
 * peer is dropped and the process goes on serving the others.
 */
export function readFrames(socket: Socket, options: ReadFramesOptions): FrameReader {
  const decoder = new FrameDecoder({
    maxFrameBytes: options.maxFrameBytes,
    ...(options.maxPayloadBytes !== undefined && { maxPayloadBytes: options.maxPayloadBytes }),
  });
  const deadlineMs = options.frameDeadlineMs ?? 0;
  let dropped = false;
  let paused = false;
  /** When the frame now incomplete began (or reading resumed); undefined between frames. */
  let partialSinceMs: number | undefined;
  let timer: NodeJS.Timeout | undefined;

  const drop = (reason: FrameDropReason, error: unknown): void => {
    if (dropped) return;
    dropped = true;
    clearTimeout(timer);
    try {
      options.onDrop(reason, error);
    } finally {
      socket.destroy();
    }
  };
  // One timer per socket at most, armed only while a frame is incomplete: a peer that streams
  // complete frames costs no timer at all.
  const checkDeadline = (): void => {
    timer = undefined;
    if (dropped || partialSinceMs === undefined || paused) return;
    const leftMs = partialSinceMs + deadlineMs - Date.now();
    if (leftMs <= 0) {
      drop('frame-deadline', new Error(`frame not complete within ${deadlineMs} ms`));
    } else {
      timer = setTimeout(checkDeadline, leftMs);
      timer.unref();
    }
  };
  const watchPartial = (completedAny: boolean): void => {
    if (deadlineMs <= 0) return;
    if (!decoder.inFrame) partialSinceMs = undefined;
    else if (partialSinceMs === undefined || completedAny) partialSinceMs = Date.now();
    if (partialSinceMs !== undefined && timer === undefined && !paused) {
      timer = setTimeout(checkDeadline, deadlineMs);
      timer.unref();
    }
  };

  socket.on('data', (chunk: Buffer) => {
    if (dropped) return;
    let frames: DecodedFrame[];
    try {
      frames = decoder.pushFrames(chunk);
    } catch (error) {
      drop('frame-too-large', error);
      return;
    }
    watchPartial(frames.length > 0);
    // Replies written while handling this chunk (one ack per event in it) leave in one
    // syscall instead of one each.
    socket.cork();
    try {
      for (const frame of frames) {
        if (socket.destroyed) return;
        options.onFrame(frame);
      }
    } catch (error) {
      drop('handler-error', error);
    } finally {
      socket.uncork();
    }
  });
  socket.on('close', () => {
    dropped = true;
    clearTimeout(timer);
  });
  return {
    pause() {
      if (paused) return;
      paused = true;
      socket.pause();
    },
    resume() {
      if (!paused) return;
      paused = false;
      // The peer could not send while we did not read: its deadline starts again.
      if (partialSinceMs !== undefined) partialSinceMs = Date.now();
      watchPartial(false);
      socket.resume();
    },
    get paused() {
      return paused;
    },
    get bufferedBytes() {
      return decoder.bufferedBytes;
    },
  };
}

/** Start listening; resolves with the bound port (useful with port 0). */
export function listenOn(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, ...(host !== undefined && { host }) }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/**
 * Stop accepting, end every open socket (flushing what is queued), and destroy those still
 * open after `graceMs`. Resolves once the server has fully closed.
 */
export async function closeGracefully(server: Server, sockets: Iterable<Socket>, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
  const open = [...sockets].filter((s) => !s.destroyed);
  const timer = setTimeout(() => {
    for (const s of open) s.destroy();
  }, graceMs);
  for (const s of open) s.end();
  await Promise.all(
    open.map((s) => (s.closed ? Promise.resolve() : new Promise<void>((r) => s.once('close', () => r())))),
  );
  clearTimeout(timer);
  await closed;
}
