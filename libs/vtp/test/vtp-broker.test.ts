import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { VtpBroker, VtpSubscriber, buildIamaliveResponse, buildNak, encodeFrame } from '../src/index.js';
import type { DisconnectReason, SubscriberInfo, VoEventMessage, VtpBrokerOptions } from '../src/index.js';
import { RawPeer, until, voevent } from './support/vtp-test-kit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startBroker(options: VtpBrokerOptions = {}): Promise<{ broker: VtpBroker; port: number }> {
  const broker = new VtpBroker({ host: '127.0.0.1', port: 0, ...options });
  const port = await broker.listen();
  cleanups.push(() => broker.close());
  return { broker, port };
}

/** A VtpSubscriber connected to `port`, recording what it receives. */
async function subscribe(broker: VtpBroker, port: number): Promise<{ sub: VtpSubscriber; received: VoEventMessage[] }> {
  const sub = new VtpSubscriber({ host: '127.0.0.1', port, backoff: { initialDelayMs: 20, maxDelayMs: 100 } });
  const received: VoEventMessage[] = [];
  sub.on('voevent', (e) => received.push(e));
  const accepted = once(broker, 'subscriberConnected');
  sub.start();
  await accepted;
  cleanups.push(() => sub.close());
  return { sub, received };
}

async function rawSubscriber(broker: VtpBroker, port: number): Promise<RawPeer> {
  const accepted = once(broker, 'subscriberConnected');
  const peer = await RawPeer.connect(port);
  await accepted;
  cleanups.push(() => void peer.socket.destroy());
  return peer;
}

describe('VtpBroker fan-out', () => {
  it('delivers each event once, in order, to three subscribers, and counts their acks', async () => {
    const { broker, port } = await startBroker();
    const subs = [];
    for (let i = 0; i < 3; i++) subs.push(await subscribe(broker, port));
    const events = Array.from({ length: 50 }, (_, i) => voevent(i));
    for (const xml of events) expect(broker.publish(xml).deliveredTo).toBe(3);
    await until(() => broker.stats().acked === 150, 15_000, '150 acks');
    for (const { received } of subs) {
      expect(received.map((e) => e.xml)).toEqual(events); // bit for bit, in order, no duplicates
      expect(received[7]?.ivorn).toBe('ivo://org.svom/fsc#test-7');
    }
    expect(broker.stats()).toMatchObject({
      subscribers: 3,
      published: 50,
      sent: 150,
      acked: 150,
      naked: 0,
      dropped: 0,
    });
    expect(broker.subscribers().map((s) => [s.sent, s.acked])).toEqual([
      [50, 50],
      [50, 50],
      [50, 50],
    ]);
  });

  it('keeps serving the others when a subscriber never acks', async () => {
    const { broker, port } = await startBroker();
    const mute = await rawSubscriber(broker, port);
    const { received } = await subscribe(broker, port);
    for (let i = 0; i < 20; i++) broker.publish(voevent(i));
    await until(() => received.length === 20, 15_000, 'the acking subscriber');
    const last = await mute.nth(20);
    expect(last).toMatchObject({ kind: 'voevent', ivorn: 'ivo://org.svom/fsc#test-19' });
    await until(() => broker.stats().acked === 20, 15_000, 'acks of the acking subscriber');
    expect(broker.stats()).toMatchObject({ subscribers: 2, sent: 40, acked: 20, dropped: 0 });
  });

  it('counts and reports a nak with its reason', async () => {
    const { broker, port } = await startBroker();
    const peer = await rawSubscriber(broker, port);
    broker.publish(voevent(1));
    await peer.nth(1);
    const nak = once(broker, 'nak');
    peer.send(buildNak('ivo://org.svom/fsc#test-1', 'not for me'));
    const [info, ivorn, reason] = (await nak) as [SubscriberInfo, string, string];
    expect([info.naked, ivorn, reason]).toEqual([1, 'ivo://org.svom/fsc#test-1', 'not for me']);
    expect(broker.stats().naked).toBe(1);
  });

  it('drops a subscriber that stops reading, while the others keep receiving', async () => {
    const { broker, port } = await startBroker({ highWaterMarkBytes: 256 * 1024 });
    const fast = [await subscribe(broker, port), await subscribe(broker, port)];
    const slow = await rawSubscriber(broker, port);
    slow.socket.pause(); // stop reading: the kernel buffers fill, then our backlog grows
    const dropped = once(broker, 'subscriberDisconnected') as Promise<[SubscriberInfo, DisconnectReason]>;
    let slowGone = false;
    void dropped.then(() => {
      slowGone = true;
    });
    let published = 0;
    while (!slowGone && published < 20_000) {
      for (let i = 0; i < 16; i++) broker.publish(voevent(published++, 16 * 1024));
      // Let the reading subscribers catch up, so only the paused one accumulates a backlog.
      await until(() => fast.every((f) => f.received.length === published), 15_000, 'fast subscribers');
    }
    const [info, reason] = await dropped;
    expect(reason).toBe('slow');
    expect(info.id).toBe(3);
    const after = published;
    for (let i = 0; i < 10; i++) broker.publish(voevent(after + i));
    await until(() => fast.every((f) => f.received.length === after + 10), 15_000, 'events after the drop');
    for (const f of fast)
      expect(f.received.map((e) => e.ivorn).slice(-1)).toEqual([`ivo://org.svom/fsc#test-${after + 9}`]);
    expect(broker.stats()).toMatchObject({ subscribers: 2, dropped: 1 });
  });
});

describe('VtpBroker slow subscribers', () => {
  it('keeps a subscriber that pauses with a backlog of megabytes and then catches up', async () => {
    const { broker, port } = await startBroker({ writeDeadlineMs: 5_000 });
    const pausing = await rawSubscriber(broker, port);
    pausing.socket.pause();
    const count = 400; // 400 × 16 KiB = 6.4 MiB: past the kernel's buffers and the old 1 MiB mark
    for (let i = 0; i < count; i += 16) {
      for (let j = i; j < i + 16; j++) broker.publish(voevent(j, 16 * 1024));
      await new Promise((r) => setImmediate(r));
    }
    expect(broker.subscribers()[0]!.writableLength).toBeGreaterThan(1_048_576);
    await new Promise((r) => setTimeout(r, 200));
    pausing.socket.resume();
    const last = await pausing.nth(count);
    expect(last).toMatchObject({ kind: 'voevent', ivorn: `ivo://org.svom/fsc#test-${count - 1}` });
    expect(pausing.messages.map((m) => (m.kind === 'voevent' ? m.ivorn : '')).slice(0, 3)).toEqual(
      [0, 1, 2].map((n) => `ivo://org.svom/fsc#test-${n}`),
    );
    expect(broker.stats()).toMatchObject({ subscribers: 1, dropped: 0 });
  });

  it('drops a subscriber whose backlog does not drain within the write deadline', async () => {
    const { broker, port } = await startBroker({ writeDeadlineMs: 300 });
    const reading = await subscribe(broker, port);
    const stuck = await rawSubscriber(broker, port);
    stuck.socket.pause();
    const dropped = once(broker, 'subscriberDisconnected') as Promise<[SubscriberInfo, DisconnectReason]>;
    const started = Date.now();
    // In slices, as the alerts gateway publishes: the reading subscriber (in this process) drains
    // in between; one synchronous loop of 6 MB made it miss the 300 ms deadline on a loaded machine.
    for (let i = 0; i < 400; i += 16) {
      for (let j = i; j < i + 16; j++) broker.publish(voevent(j, 16 * 1024));
      await new Promise((r) => setImmediate(r));
    }
    const [info, reason] = await dropped;
    expect([info.id, reason]).toEqual([2, 'slow']);
    expect(info.writableLength).toBeGreaterThan(0); // dropped with data still unsent
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await until(() => reading.received.length === 400, 15_000, 'the reading subscriber');
    expect(broker.stats()).toMatchObject({ subscribers: 1, dropped: 1 });
  });
});

describe('VtpBroker connection maintenance', () => {
  it('sends iamalive to silent subscribers; a VtpSubscriber answers, a mute peer is dropped', async () => {
    const { broker, port } = await startBroker({
      iamaliveIntervalMs: 60,
      iamaliveTimeoutMs: 600,
      localIvorn: 'ivo://test/broker#',
    });
    const { sub } = await subscribe(broker, port);
    const mute = await rawSubscriber(broker, port);
    const subGotPing = once(sub, 'iamalive');
    const brokerGotPong = once(broker, 'iamalive');
    const muteDropped = once(broker, 'subscriberDisconnected') as Promise<[SubscriberInfo, DisconnectReason]>;
    const [ping] = await subGotPing;
    expect(ping).toMatchObject({ role: 'iamalive', origin: 'ivo://test/broker#' });
    await brokerGotPong;
    expect(await mute.nth(1)).toMatchObject({ kind: 'transport', role: 'iamalive', origin: 'ivo://test/broker#' });
    const [info, reason] = await muteDropped;
    expect(reason).toBe('iamalive-timeout');
    expect(info.id).toBe(2);
    await mute.closed;
    expect(broker.stats().subscribers).toBe(1);
    expect(sub.isConnected).toBe(true);
  });

  it("accepts a hand-written iamalive response in the note's namespace", async () => {
    const { broker, port } = await startBroker({ iamaliveIntervalMs: 40, iamaliveTimeoutMs: 1_000 });
    const peer = await rawSubscriber(broker, port);
    const ping = await peer.nth(1);
    if (ping.kind !== 'transport') throw new Error('expected iamalive');
    const pong = buildIamaliveResponse(ping, { response: 'ivo://sub#' }).replaceAll(
      'http://www.telescope-networks.org/xml/',
      'http://telescope-networks.org/schema/',
    );
    const heard = once(broker, 'iamalive');
    peer.send(pong);
    await heard;
    // Answering keeps it connected through at least one more ping cycle.
    await peer.nth(2);
    expect(broker.subscribers().map((s) => s.id)).toEqual([1]);
  });

  it('refuses addresses outside the allowlist', async () => {
    const { broker, port } = await startBroker({ allowlist: ['192.0.2.0/24'] });
    const refused = once(broker, 'subscriberRefused');
    const peer = await RawPeer.connect(port);
    const [address] = await refused;
    expect(address).toBe('127.0.0.1');
    await peer.closed;
    expect(broker.stats()).toMatchObject({ subscribers: 0, refused: 1 });
    expect(broker.publish(voevent(1)).deliveredTo).toBe(0);
  });

  it('drops a subscriber sending an oversize frame, and naks a VOEvent sent to the subscriber port', async () => {
    const { broker, port } = await startBroker({ maxFrameBytes: 1024 });
    const good = await rawSubscriber(broker, port);
    good.send(voevent(5));
    expect(await good.nth(1)).toMatchObject({ kind: 'transport', role: 'nak', origin: 'ivo://org.svom/fsc#test-5' });
    const bad = await rawSubscriber(broker, port);
    const dropped = once(broker, 'subscriberDisconnected') as Promise<[SubscriberInfo, DisconnectReason]>;
    bad.socket.write(encodeFrame('x'.repeat(2000)));
    expect((await dropped)[1]).toBe('frame-too-large');
    await bad.closed;
    broker.publish(voevent(6));
    expect(await good.nth(2)).toMatchObject({ kind: 'voevent', ivorn: 'ivo://org.svom/fsc#test-6' });
  });

  it('applies a per-subscriber filter', async () => {
    const { broker, port } = await startBroker({ filter: (s, e) => s.id === 1 || e.ivorn.endsWith('-2') });
    const first = await rawSubscriber(broker, port);
    const second = await rawSubscriber(broker, port);
    expect([1, 2].map((i) => broker.publish(voevent(i)).deliveredTo)).toEqual([1, 2]);
    expect(await second.nth(1)).toMatchObject({ ivorn: 'ivo://org.svom/fsc#test-2' });
    expect(await first.nth(2)).toMatchObject({ ivorn: 'ivo://org.svom/fsc#test-2' });
  });

  it('close() flushes queued events, then disconnects everyone', async () => {
    const broker = new VtpBroker({ host: '127.0.0.1', port: 0 });
    const port = await broker.listen();
    const peer = await rawSubscriber(broker, port);
    for (let i = 0; i < 5; i++) broker.publish(voevent(i));
    await broker.close();
    await peer.closed;
    expect(peer.messages.map((m) => (m.kind === 'voevent' ? m.ivorn : m.role))).toEqual(
      [0, 1, 2, 3, 4].map((i) => `ivo://org.svom/fsc#test-${i}`),
    );
    expect(broker.stats().subscribers).toBe(0);
  });
});

describe('VtpBroker at the FSC scale', () => {
  it('delivers every event to each of 256 subscribers', async () => {
    // All from 127.0.0.1: past the default cap per address (32), which is not what this measures.
    const { broker, port } = await startBroker({ maxConnectionsPerAddress: 256 });
    const count = 256;
    const received = new Array<number>(count).fill(0);
    const subs: VtpSubscriber[] = [];
    for (let i = 0; i < count; i++) {
      const sub = new VtpSubscriber({ host: '127.0.0.1', port });
      sub.on('voevent', () => received[i]!++);
      subs.push(sub);
      cleanups.push(() => sub.close());
    }
    for (const sub of subs) sub.start();
    while (broker.stats().subscribers < count) await once(broker, 'subscriberConnected');
    for (let i = 0; i < 20; i++) expect(broker.publish(voevent(i, 2000)).deliveredTo).toBe(count);
    await until(() => broker.stats().acked === count * 20, 20_000, 'all acks');
    expect(new Set(received)).toEqual(new Set([20]));
    expect(broker.stats()).toMatchObject({ subscribers: count, sent: count * 20, acked: count * 20, dropped: 0 });
  });
});
