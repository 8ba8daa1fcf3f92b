/**
 * Peers for the VTP benchmarks (the alerts bench, the transports bench of the XMPP gateway):
 * raw subscribers that note when each ivorn arrives, and the bare TCP fan-out ceiling.
 */
import { connect as tcpConnect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { encodeFrame, FrameDecoder } from '@svom/vtp';

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** N raw VTP subscribers: they read frames and note when an ivorn arrives (no ack: cheapest peer). */
export async function rawSubscribers(port: number, n: number) {
  const arrivals = new Map<string, number[]>();
  const sockets: Socket[] = [];
  const state = { dropped: 0 };
  for (let i = 0; i < n; i++) {
    const socket = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => {
      const at = performance.now();
      for (const payload of decoder.push(chunk)) {
        const ivorn = /ivorn="([^"]+)"/.exec(payload.toString('utf8', 0, 600))?.[1];
        if (ivorn) (arrivals.get(ivorn) ?? arrivals.set(ivorn, []).get(ivorn)!).push(at);
      }
    });
    socket.on('close', () => state.dropped++);
    sockets.push(socket);
  }
  return { arrivals, state, close: () => sockets.forEach((s) => s.destroy()) };
}

/** Ceiling: the same-size frame from a bare TCP server to n sockets, one write each. */
export async function bareFanout(n: number, bytes: number, rounds: number): Promise<number[]> {
  const peers: Socket[] = [];
  const server = createServer({ noDelay: true }, (s) => peers.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  let received = 0;
  const clients: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const c = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
    const d = new FrameDecoder({ maxFrameBytes: 1 << 20 });
    c.on('data', (chunk) => (received += d.push(chunk).length));
    clients.push(c);
  }
  while (peers.length < n) await sleep(5);
  const frame = encodeFrame('x'.repeat(bytes));
  const lat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    const target = received + n;
    for (const p of peers) p.write(frame);
    while (received < target) await new Promise((res) => setImmediate(res));
    lat.push(performance.now() - start);
  }
  clients.forEach((c) => c.destroy());
  server.close();
  return lat;
}
