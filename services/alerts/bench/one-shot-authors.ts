import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect as tcpConnect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
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

/**
 * A ceiling server (`one-shot-ceiling.server.ts`) in its own process, as the service runs:
 * `bare` answers each frame at once, `xsd` once the service's XSD pool has validated it,
 * `receiver` through the service's `VtpReceiver` with that pool and no store.
 */
export async function startCeilingServer(mode: 'bare' | 'xsd' | 'receiver') {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      fileURLToPath(new URL('./one-shot-ceiling.server.ts', import.meta.url)),
      mode,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return {
    port: Number(line),
    pid: child.pid!,
    stop: async () => {
      child.kill();
      await once(child, 'exit');
    },
  };
}
