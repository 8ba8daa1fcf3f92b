import { once } from 'node:events';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { FrameDecoder, encodeFrame, parseVtpMessage } from '../../src/index.js';
import type { VtpMessage } from '../../src/index.js';

/** A small valid-looking VOEvent; `padBytes` makes it bigger for back-pressure tests. */
export function voevent(n: number, padBytes = 0): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0" role="test" version="2.0" ivorn="ivo://org.svom/fsc#test-${n}">`,
    '  <Who><AuthorIVORN>ivo://org.svom/fsc</AuthorIVORN><Date>2024-01-01T00:00:00</Date></Who>',
    padBytes > 0 ? `  <What><Description>${'x'.repeat(padBytes)}</Description></What>` : '',
    '</voe:VOEvent>',
  ].join('\n');
}

/**
 * A hand-driven VTP peer over a raw socket: records every message it receives, sends whatever
 * the test wants (including garbage), answers nothing on its own.
 */
export class RawPeer {
  readonly messages: VtpMessage[] = [];
  readonly closed: Promise<void>;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    const decoder = new FrameDecoder({ maxFrameBytes: 1 << 26 });
    socket.on('data', (chunk: Buffer) => {
      for (const p of decoder.push(chunk)) this.messages.push(parseVtpMessage(p));
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        resolve();
        for (const w of this.waiters.splice(0)) w();
      }),
    );
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawPeer> {
    const socket = connect({ port, host });
    await once(socket, 'connect');
    return new RawPeer(socket);
  }

  send(xml: string): void {
    this.socket.write(encodeFrame(xml));
  }

  /** Resolve with the `count`-th message received (1-based), waiting as needed. */
  async nth(count: number): Promise<VtpMessage> {
    while (this.messages.length < count) {
      if (this.socket.closed) throw new Error(`connection closed after ${this.messages.length} messages`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
    return this.messages[count - 1] as VtpMessage;
  }
}

/**
 * Wait until `condition` holds, checking on each turn of the event loop (bounded in time).
 * For counters that move with socket I/O, where there is no single event to await.
 */
export async function until(condition: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
