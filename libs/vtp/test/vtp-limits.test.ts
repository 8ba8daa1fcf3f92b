import { once } from 'node:events';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VtpBroker, VtpReceiver, encodeFrame, sendVoEvent } from '../src/index.js';
import type { AcceptOutcome, VtpReceiverOptions } from '../src/index.js';
import { RawPeer, until, voevent } from './support/vtp-test-kit.js';

/**
 * Resource limits of both ports: caps on connections, the partial-frame deadline, back-pressure
 * and the rate of the receiver, and bounded memory under 500 half-sent frames.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startReceiver(options: Partial<VtpReceiverOptions> = {}) {
  const receiver = new VtpReceiver({ host: '127.0.0.1', port: 0, accept: async () => 'new', ...options });
  const port = await receiver.listen();
  cleanups.push(() => receiver.close());
  return { receiver, port };
}

async function startBroker(options: ConstructorParameters<typeof VtpBroker>[0] = {}) {
  const broker = new VtpBroker({ host: '127.0.0.1', port: 0, ...options });
  const port = await broker.listen();
  cleanups.push(() => broker.close());
  return { broker, port };
}

/** A raw connection from `localAddress` (any of 127/8 is this host). */
async function rawFrom(port: number, localAddress: string): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  cleanups.push(() => void socket.destroy());
  return socket;
}

/** Resolves when `socket` closes (events.once would reject on the ECONNRESET of a cut peer). */
const closed = (socket: Socket) =>
  new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

describe('connection caps, on both ports', () => {
  it.each(['author', 'subscriber'] as const)('%s port: per address, then overall', async (which) => {
    const caps = { maxConnections: 4, maxConnectionsPerAddress: 2 };
    const server = which === 'author' ? (await startReceiver(caps)).receiver : (await startBroker(caps)).broker;
    const port = server.port as number;
    const a = [await rawFrom(port, '127.0.3.1'), await rawFrom(port, '127.0.3.1')];
    const third = await rawFrom(port, '127.0.3.1');
    await closed(third); // refused: a third from one address
    const b = [await rawFrom(port, '127.0.3.2'), await rawFrom(port, '127.0.3.2')];
    const fifth = await rawFrom(port, '127.0.3.3');
    await closed(fifth); // refused: four open already
    for (const s of [...a, ...b]) expect(s.closed).toBe(false);
    expect(server.stats().drops).toMatchObject({ 'too-many-from-address': 1, 'too-many-connections': 1 });
    // A slot freed is a slot taken again.
    a[0]?.destroy();
    await until(
      () =>
        (which === 'author'
          ? (server as VtpReceiver).stats().connections
          : (server as VtpBroker).stats().subscribers) === 3,
    );
    const again = await rawFrom(port, '127.0.3.3');
    await new Promise((r) => setTimeout(r, 50));
    expect(again.closed).toBe(false);
  });
});

describe('partial-frame deadline', () => {
  it.each(['author', 'subscriber'] as const)(
    '%s port: a peer dribbling a 1 MiB frame is cut at the deadline; one sending whole frames slowly is kept',
    async (which) => {
      const deadlineMs = 600;
      const server =
        which === 'author'
          ? (await startReceiver({ frameDeadlineMs: deadlineMs, ratePerS: 0 })).receiver
          : (await startBroker({ frameDeadlineMs: deadlineMs, maxFrameBytes: 2 * 1_048_576 })).broker;
      const port = server.port as number;
      const dribbler = await rawFrom(port, '127.0.4.1');
      const steady = await RawPeer.connect(port);
      cleanups.push(() => void steady.socket.destroy());
      const started = Date.now();
      dribbler.write(Buffer.from([0x00, 0x10, 0x00, 0x00])); // 1 MiB announced
      let sentFrames = 0;
      const timer = setInterval(() => {
        if (!dribbler.destroyed) dribbler.write(Buffer.alloc(64, 0x61));
        // Whole frames, each one slow to come but complete: never cut.
        steady.send(which === 'author' ? voevent(sentFrames) : '<Transport role="iamalive"/>');
        sentFrames++;
      }, 40);
      try {
        await closed(dribbler);
      } finally {
        clearInterval(timer);
      }
      const elapsedMs = Date.now() - started;
      expect(elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 5);
      expect(server.stats().drops).toMatchObject({ 'frame-deadline': 1 });
      // The steady peer has been sending for longer than the deadline and is still served.
      expect(steady.socket.closed).toBe(false);
      if (which === 'author') await steady.nth(sentFrames);
    },
  );
});

describe('receiver back-pressure and rate', () => {
  it('does not read an author whose pipeline is full: memory stays bounded, the kernel pushes back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let accepts = 0;
    const { receiver, port } = await startReceiver({
      pipelineDepth: 4,
      ratePerS: 0,
      accept: async () => {
        accepts++;
        await gate;
        return 'new' as AcceptOutcome;
      },
    });
    const author = await RawPeer.connect(port);
    cleanups.push(() => void author.socket.destroy());
    const count = 4000;
    const frame = encodeFrame(voevent(0, 2000)); // ~2.3 kB: 9 MB in all, past the kernel's buffers
    for (let i = 0; i < count; i++) author.socket.write(frame);
    await until(() => accepts === 4, 15_000, 'the pipeline full');
    await until(() => author.socket.writableLength > 0, 15_000, 'the author pushed back');
    await new Promise((r) => setTimeout(r, 200));
    expect(accepts).toBe(4);
    // Held: the four in flight, at most one read's worth waiting and a partial frame.
    expect(receiver.stats().heldBytes).toBeLessThan(4 * frame.length + 2 * 65_536 + frame.length);
    release();
    await author.nth(count);
    expect(author.messages.every((m) => m.kind === 'transport' && m.role === 'ack')).toBe(true);
    expect(receiver.stats()).toMatchObject({ received: count, heldBytes: 0 });
  });

  it('slows an author past its rate (never naks it); its address shares one bucket', async () => {
    const { receiver, port } = await startReceiver({ ratePerS: 20, burst: 5 });
    const author = await RawPeer.connect(port);
    cleanups.push(() => void author.socket.destroy());
    const started = Date.now();
    for (let i = 0; i < 15; i++) author.send(voevent(i));
    await author.nth(5);
    expect(author.messages.length).toBeLessThan(15);
    // A one-shot author from the same address shares the bucket: it waits its turn, and is answered.
    expect(await sendVoEvent('127.0.0.1', port, voevent(99))).toMatchObject({ role: 'ack' });
    await author.nth(15);
    expect(Date.now() - started).toBeGreaterThanOrEqual(((15 + 1 - 5) / 20) * 1000 - 50);
    expect(author.messages.every((m) => m.kind === 'transport' && m.role === 'ack')).toBe(true);
    expect(receiver.stats().rateLimited).toBeGreaterThan(0);
  });
});

describe('500 half-sent frames', () => {
  it.each(['author', 'subscriber'] as const)(
    '%s port: held with bounded memory, and new peers still get in',
    async (which) => {
      const caps = { maxConnections: 600, maxConnectionsPerAddress: 8, frameDeadlineMs: 120_000 };
      const maxEventBytes = 65_536;
      const server =
        which === 'author'
          ? (await startReceiver({ ...caps, maxEventBytes, ratePerS: 0 })).receiver
          : (await startBroker({ ...caps, maxFrameBytes: 2 * 1_048_576 })).broker;
      const port = server.port as number;
      const rssBefore = process.memoryUsage().rss;
      const sockets: Socket[] = [];
      for (let i = 0; i < 500; i++) {
        const address = `127.0.${10 + Math.floor(i / 8 / 250)}.${1 + (Math.floor(i / 8) % 250)}`;
        const s = await rawFrom(port, address);
        // Half announce 1 MiB (the receiver keeps only 4 kB of a frame past its event limit),
        // half announce 64 kB; each sends 32 kB of it and stops.
        const announced = i % 2 === 0 ? 1_048_576 : maxEventBytes;
        const prefix = Buffer.alloc(4);
        prefix.writeUInt32BE(announced, 0);
        s.write(Buffer.concat([prefix, Buffer.alloc(32_768, 0x61)]));
        sockets.push(s);
      }
      const open = () =>
        which === 'author' ? (server as VtpReceiver).stats().connections : (server as VtpBroker).stats().subscribers;
      await until(() => open() === 500, 30_000, '500 connections held');
      const held = () => (which === 'author' ? (server as VtpReceiver).stats().heldBytes : 0);
      if (which === 'author') await until(() => held() >= 250 * 32_768, 30_000, 'the half frames read');
      // Per connection: at most the kept head (4 kB) of an oversize frame, or the 32 kB sent.
      if (which === 'author') expect(held()).toBeLessThanOrEqual(250 * (4096 + 4) + 250 * (32_768 + 4));
      const grownMb = (process.memoryUsage().rss - rssBefore) / 1_048_576;
      expect(grownMb).toBeLessThan(200); // clients and server in this process; 16 MB were sent
      // A new peer gets in and is served.
      if (which === 'author') {
        expect((await sendVoEvent('127.0.0.1', port, voevent(1))).role).toBe('ack');
      } else {
        const fresh = await RawPeer.connect(port);
        cleanups.push(() => void fresh.socket.destroy());
        await until(() => open() === 501, 15_000, 'the new subscriber');
        (server as VtpBroker).publish(voevent(2));
        expect(await fresh.nth(1)).toMatchObject({ kind: 'voevent', ivorn: 'ivo://org.svom/fsc#test-2' });
      }
      // A ninth from an address already holding eight is refused.
      const ninth = await rawFrom(port, '127.0.10.1');
      await closed(ninth);
      for (const s of sockets) s.destroy();
      await until(() => open() <= 1, 15_000, 'the half-sent ones gone');
      if (which === 'author') await until(() => held() === 0, 15_000, 'their bytes released');
    },
  );
});
