import { connect } from 'node:net';
import { VtpConnectionError, VtpTimeoutError } from './errors.js';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame } from './frame-decoder.js';
import { readFrames } from './framed-socket.js';
import type { TransportMessage } from './transport-message.types.js';
import { parseVtpMessage } from './vtp-message.parser.js';

/** Options of {@link sendVoEvent}. */
export interface SendVoEventOptions {
  /** Give up (and close) when no receipt arrives in this time (default 10 s). */
  timeoutMs?: number;
  maxFrameBytes?: number;
}

/** The broker's receipt: an ack, or a nak whose `meta.result` says why. */
export type VoEventReceipt = TransportMessage & { role: 'ack' | 'nak' };

/**
 * Submit one VOEvent as an author (VTP 2.0 §6.1): connect, send, wait for the ack or nak,
 * close. A nak resolves (it is an answer); no answer rejects, since the note tells the
 * author to treat that as a temporary failure and retry.
 * @throws VtpTimeoutError when no receipt arrives in `timeoutMs`.
 * @throws VtpConnectionError when the connection fails or closes first.
 */
export function sendVoEvent(
  host: string,
  port: number,
  xml: string,
  options: SendVoEventOptions = {},
): Promise<VoEventReceipt> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    let settled = false;
    const finish = (outcome: { receipt: VoEventReceipt } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Half-close politely (the author closes, §6.1); cut it if the peer never finishes.
      socket.end();
      socket.setTimeout(1_000, () => socket.destroy());
      if ('receipt' in outcome) resolve(outcome.receipt);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () => finish({ error: new VtpTimeoutError(`no receipt from ${host}:${port} within ${timeoutMs} ms`) }),
      timeoutMs,
    );
    socket.on('error', (cause) =>
      finish({ error: new VtpConnectionError(`VTP connection to ${host}:${port} failed`, { cause }) }),
    );
    socket.on('close', () =>
      finish({ error: new VtpConnectionError(`${host}:${port} closed the connection without a receipt`) }),
    );
    socket.on('connect', () => socket.write(encodeFrame(xml)));
    readFrames(socket, {
      maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      onFrame: ({ payload }) => {
        let message;
        try {
          message = parseVtpMessage(payload);
        } catch {
          return; // not a receipt; keep waiting until the timeout
        }
        if (message.kind === 'transport' && (message.role === 'ack' || message.role === 'nak')) {
          finish({ receipt: message as VoEventReceipt });
        }
      },
      onDrop: (reason, cause) =>
        finish({ error: new VtpConnectionError(`broker connection cut: ${reason}`, { cause }) }),
    });
  });
}
