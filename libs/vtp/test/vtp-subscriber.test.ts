import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder, VtpBroker, VtpSubscriber, encodeFrame, parseVtpMessage } from '../src/index.js';
import type { VtpMessage, VtpSubscriberOptions } from '../src/index.js';
import { voevent } from './support/vtp-test-kit.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A hand-driven broker: accepts one subscriber at a time, lets the test write frames to it
 * and collects what the subscriber sends back.
 */
async function fakeBroker(): Promise<{
  port: number;
  server: Server;
  peer: () => Promise<Socket>;
  replies: VtpMessage[];
  replyCount: (n: number) => Promise<void>;
}> {
  const replies: VtpMessage[] = [];
  const waiters: Array<() => void> = [];
  const sockets: Socket[] = [];
  const pending: Array<(s: Socket) => void> = [];
  const server = createServer((socket) => {
    socket.on('error', () => {});
    sockets.push(socket);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const p of decoder.push(chunk)) replies.push(parseVtpMessage(p));
      for (const w of waiters.splice(0)) w();
    });
    pending.shift()?.(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return {
    port: (server.address() as { port: number }).port,
    server,
    peer: () => new Promise<Socket>((r) => pending.push(r)),
    replies,
    replyCount: async (n) => {
      while (replies.length < n) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

function subscriber(port: number, options: Partial<VtpSubscriberOptions> = {}): VtpSubscriber {
  const sub = new VtpSubscriber({
    host: '127.0.0.1',
    port,
    localIvorn: 'ivo://test/sub#',
    backoff: { initialDelayMs: 10, maxDelayMs: 80 },
    ...options,
  });
  cleanups.push(() => sub.close());
  return sub;
}

describe('VtpSubscriber against a hand-driven broker', () => {
  it("acks each VOEvent with its ivorn and answers the note's own iamalive example", async () => {
    const broker = await fakeBroker();
    const sub = subscriber(broker.port, { params: [{ name: 'Contact', value: 'fsc@example.org' }] });
    const socket = broker.peer();
    const events: string[] = [];
    sub.on('voevent', (e) => events.push(e.ivorn));
    sub.start();
    const s = await socket;
    s.write(
      Buffer.concat([
        encodeFrame(voevent(1)),
        encodeFrame(readFileSync(join(root, 'testdata/vtp-examples/iamalive.xml'), 'utf8')),
      ]),
    );
    await broker.replyCount(2);
    expect(broker.replies[0]).toMatchObject({
      kind: 'transport',
      role: 'ack',
      origin: 'ivo://org.svom/fsc#test-1',
      response: 'ivo://test/sub#',
    });
    expect(broker.replies[1]).toMatchObject({
      kind: 'transport',
      role: 'iamalive',
      origin: 'ivo://invalid.broker/example#',
      response: 'ivo://test/sub#',
      meta: { params: [{ name: 'Contact', value: 'fsc@example.org' }] },
    });
    expect(events).toEqual(['ivo://org.svom/fsc#test-1']);
    expect(sub.stats()).toMatchObject({ received: 1, acked: 1, iamalive: 1, connects: 1 });
  });

  it('naks a VOEvent the injected validator rejects, and does not emit it', async () => {
    const broker = await fakeBroker();
    const sub = subscriber(broker.port, {
      validate: async (xml) => ({ valid: !xml.includes('test-2'), errors: ['bad Date'] }),
    });
    const events: string[] = [];
    sub.on('voevent', (e) => events.push(e.ivorn));
    const socket = broker.peer();
    sub.start();
    (await socket).write(Buffer.concat([encodeFrame(voevent(2)), encodeFrame(voevent(3))]));
    await broker.replyCount(2);
    expect(broker.replies.map((m) => (m.kind === 'transport' ? [m.role, m.origin, m.meta.result] : []))).toEqual([
      ['nak', 'ivo://org.svom/fsc#test-2', 'VOEvent fails validation: bad Date'],
      ['ack', 'ivo://org.svom/fsc#test-3', undefined],
    ]);
    expect(events).toEqual(['ivo://org.svom/fsc#test-3']);
  });

  it('declares a silent broker dead, then reconnects', async () => {
    const broker = await fakeBroker();
    const sub = subscriber(broker.port, { iamaliveIntervalMs: 40, deadBrokerIntervals: 2 });
    const first = broker.peer();
    sub.start();
    await first;
    const second = broker.peer();
    const [info] = await once(sub, 'disconnected');
    expect(info.reason).toMatch(/no traffic for 80 ms/);
    await second;
    await once(sub, 'connected');
    expect(sub.stats().connects).toBe(2);
  });

  it('keeps the connection and reports a frame it cannot read', async () => {
    const broker = await fakeBroker();
    const sub = subscriber(broker.port);
    const socket = broker.peer();
    sub.start();
    const s = await socket;
    const problem = once(sub, 'protocolError');
    s.write(encodeFrame('<html/>'));
    expect(String((await problem)[0])).toMatch(/unexpected root element/);
    s.write(encodeFrame(voevent(9)));
    await broker.replyCount(1);
    expect(broker.replies[0]).toMatchObject({ role: 'ack', origin: 'ivo://org.svom/fsc#test-9' });
  });

  it('backs off between failed attempts while nobody listens', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const sub = subscriber(port, { backoff: { initialDelayMs: 4, maxDelayMs: 32, factor: 2 } });
    const delays: number[] = [];
    const sixth = new Promise<void>((resolve) =>
      sub.on('reconnecting', ({ delayMs }) => {
        delays.push(delayMs);
        if (delays.length === 6) resolve();
      }),
    );
    sub.start();
    await sixth;
    const nominal = [4, 8, 16, 32, 32, 32];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual((nominal[i] as number) / 2);
      expect(d).toBeLessThanOrEqual(nominal[i] as number);
    });
    expect(sub.isConnected).toBe(false);
  });
});

describe('VtpSubscriber with VtpBroker', () => {
  it('reconnects after the broker restarts and receives again', async () => {
    let broker = new VtpBroker({ host: '127.0.0.1', port: 0 });
    const port = await broker.listen();
    cleanups.push(() => broker.close());
    const sub = subscriber(port);
    const received: string[] = [];
    sub.on('voevent', (e) => received.push(e.ivorn));
    const connected = once(broker, 'subscriberConnected');
    sub.start();
    await connected;
    broker.publish(voevent(1));
    await once(sub, 'voevent');

    const lost = once(sub, 'disconnected');
    await broker.close();
    await lost;
    broker = new VtpBroker({ host: '127.0.0.1', port });
    const back = once(sub, 'connected');
    await broker.listen();
    await back;
    if (broker.stats().subscribers === 0) await once(broker, 'subscriberConnected');
    broker.publish(voevent(2));
    await once(sub, 'voevent');
    expect(received).toEqual(['ivo://org.svom/fsc#test-1', 'ivo://org.svom/fsc#test-2']);
    expect(sub.stats().connects).toBe(2);
  });
});
