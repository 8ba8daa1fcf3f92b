import { connect as tcpConnect, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeFrame, FrameDecoder } from '@svom/vtp';

/**
 * Authors as `comet-sendvo` and most VTP clients are (issue 15): one connection per event,
 * connect, send, wait for the receipt, close; `inFlight` of them at once until `total` are done.
 * Returns events/s and the receipt latency of each (from the connect).
 */
export async function oneShotAuthorLoad(
  port: number,
  xmlFor: (i: number) => string,
  inFlight: number,
  total: number,
): Promise<{ perS: number; ackMs: number[]; naks: number; failures: number }> {
  const frames = Array.from({ length: total }, (_, i) => encodeFrame(xmlFor(i)));
  const ackMs: number[] = [];
  let naks = 0;
  let failures = 0;
  let next = 0;
  const one = (frame: Buffer) =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const socket = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
      const decoder = new FrameDecoder();
      let done = false;
      const finish = (ok: boolean, nak = false) => {
        if (done) return;
        done = true;
        if (ok) ackMs.push(performance.now() - start);
        else failures++;
        if (nak) naks++;
        socket.destroy();
        resolve();
      };
      socket.on('connect', () => socket.write(frame));
      socket.on('data', (chunk) => {
        for (const payload of decoder.push(chunk)) finish(true, payload.includes('role="nak"'));
      });
      socket.on('error', () => finish(false));
      socket.on('close', () => finish(false));
    });
  const worker = async () => {
    while (next < total) await one(frames[next++] as Buffer);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { perS: total / ((performance.now() - start) / 1000), ackMs, naks, failures };
}

/** Ceiling of the same pattern: a bare TCP server answering each frame with a canned receipt. */
export async function bareOneShotCeiling(xml: string, inFlight: number, total: number) {
  const receipt = encodeFrame('<trn:Transport role="ack" version="1.0"/>');
  const server = createServer({ noDelay: true }, (socket) => {
    const decoder = new FrameDecoder();
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (const _ of decoder.push(chunk)) socket.write(receipt);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const result = await oneShotAuthorLoad(port, () => xml, inFlight, total);
  server.close();
  return result;
}
