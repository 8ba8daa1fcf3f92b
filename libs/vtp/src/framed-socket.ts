import type { Server, Socket } from 'node:net';
import { FrameDecoder } from './frame-decoder.js';
import type { VtpFrameTooLargeError } from './errors.js';

/**
 * Socket plumbing shared by the broker, the receiver and the subscriber: frame decoding on
 * 'data', and listen/close helpers that turn Node callbacks into promises.
 */

/**
 * Decode frames from `socket` and hand each payload to `onPayload`. An oversize length prefix
 * destroys the socket (framing is lost beyond repair) after telling `onTooLarge`.
 */
export function readFrames(
  socket: Socket,
  maxFrameBytes: number,
  onPayload: (payload: Buffer) => void,
  onTooLarge: (error: VtpFrameTooLargeError) => void,
): void {
  const decoder = new FrameDecoder({ maxFrameBytes });
  socket.on('data', (chunk: Buffer) => {
    let payloads: Buffer[];
    try {
      payloads = decoder.push(chunk);
    } catch (error) {
      onTooLarge(error as VtpFrameTooLargeError);
      socket.destroy();
      return;
    }
    // Replies written while handling this chunk (one ack per event in it) leave in one
    // syscall instead of one each.
    socket.cork();
    try {
      for (const payload of payloads) {
        if (socket.destroyed) return;
        onPayload(payload);
      }
    } finally {
      socket.uncork();
    }
  });
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
