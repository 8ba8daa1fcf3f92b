import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VtpBroker, VtpReceiver, VtpSubscriber, sendVoEvent } from '../src/index.js';
import type { VoEventMessage } from '../src/index.js';
import { hostileFrames, hostileVoEvent } from '../src/testing/index.js';
import { RawPeer, until, voevent } from './support/vtp-test-kit.js';

/**
 * Every probe of `hostileFrames()` sent to a live broker (subscriber port) and a live receiver
 * (author port) on real sockets: each costs at most its own connection or its own event, and
 * the subscribers connected meanwhile stay connected and receive the next event.
 */

/** What the receiver does with each probe sent to the author port, followed by a good event. */
const AUTHOR_OUTCOME: Record<string, string[] | 'closed'> = {
  'role-past-unicode': ['ack'], // a Transport from an author: ignored
  'ivorn-decimal-past-unicode': ['nak malformed', 'ack'],
  'ivorn-twenty-digit-reference': ['nak malformed', 'ack'],
  'role-surrogate': ['ack'],
  'ivorn-surrogate-decimal': ['nak malformed', 'ack'],
  'ivorn-nul-reference': ['nak malformed', 'ack'],
  'truncated-utf8': ['nak not-utf8', 'ack'],
  'invalid-utf8-in-ivorn': ['nak not-utf8', 'ack'],
  'huge-attribute-name': ['nak malformed', 'ack'], // no end tag: not well-formed
  'huge-attribute-value': ['nak long-ivorn', 'ack'],
  'many-quotes-unclosed-tag': 'closed',
  'deep-nesting-voevent': ['ack', 'ack'], // well-formed; the XSD of the service would refuse it
  'doctype-billion-laughs': ['nak doctype', 'ack'],
  'doctype-external-entity': ['nak doctype', 'ack'],
  'many-declarations': ['ack'],
  'unterminated-comment': 'closed',
  'binary-garbage': 'closed',
  'empty-frame': 'closed',
  'http-request': 'closed',
  'max-length-prefix': 'closed',
  'oversize-event': ['nak too-large', 'ack'],
  'near-nats-max-payload': ['nak too-large', 'ack'],
  'unknown-role': ['ack'],
};

const NAK_KINDS: Array<[RegExp, string]> = [
  [/not well-formed|character reference/, 'malformed'],
  [/not UTF-8/, 'not-utf8'],
  [/DOCTYPE/, 'doctype'],
  [/over this broker's limit/, 'too-large'],
  [/ivorn is \d+ characters long/, 'long-ivorn'],
];

describe('hostile peers against a live broker and receiver', () => {
  let broker: VtpBroker;
  let receiver: VtpReceiver;
  let ports: { subscribers: number; authors: number };
  const subscribers: Array<{ sub: VtpSubscriber; received: VoEventMessage[]; disconnects: number }> = [];
  let next = 0;

  /** Publishes a fresh event and waits until every subscriber has it. */
  async function everySubscriberGetsTheNextEvent(): Promise<void> {
    const n = next++;
    expect(broker.publish(voevent(1000 + n)).deliveredTo).toBeGreaterThanOrEqual(subscribers.length);
    for (const s of subscribers)
      await until(() => s.received.some((e) => e.ivorn.endsWith(`test-${1000 + n}`)), 15_000, `event ${n}`);
  }

  beforeAll(async () => {
    broker = new VtpBroker({ host: '127.0.0.1', port: 0 });
    receiver = new VtpReceiver({
      host: '127.0.0.1',
      port: 0,
      ratePerS: 0,
      // Accepted events go out to the subscribers, as the alerts gateway does through NATS.
      accept: async (_ivorn, xml) => {
        broker.publish(xml);
        return 'new';
      },
    });
    ports = { subscribers: await broker.listen(), authors: await receiver.listen() };
    for (let i = 0; i < 2; i++) {
      const sub = new VtpSubscriber({ host: '127.0.0.1', port: ports.subscribers });
      const entry = { sub, received: [] as VoEventMessage[], disconnects: 0 };
      sub.on('voevent', (e) => entry.received.push(e));
      sub.on('disconnected', () => entry.disconnects++);
      const connected = once(broker, 'subscriberConnected');
      sub.start();
      await connected;
      subscribers.push(entry);
    }
  });
  afterAll(async () => {
    for (const { sub } of subscribers) await sub.close();
    await receiver?.close();
    await broker?.close();
  });

  const probes = hostileFrames();

  it.each(probes.filter((p) => p.port !== 'author').map((p) => [p.name, p] as const))(
    'subscriber port: %s',
    async (_name, probe) => {
      const peer = await RawPeer.connect(ports.subscribers);
      peer.socket.write(probe.bytes);
      if (!probe.partial) {
        // A VOEvent after it: the broker naks those on this port, which proves the probe was read.
        peer.send(voevent(9));
        await until(
          () => peer.socket.closed || peer.messages.some((m) => m.kind === 'transport' && m.role === 'nak'),
          15_000,
          'the probe read',
        );
      }
      await everySubscriberGetsTheNextEvent();
      for (const s of subscribers) expect([s.sub.isConnected, s.disconnects]).toEqual([true, 0]);
      peer.socket.destroy();
    },
  );

  it.each(probes.filter((p) => p.port !== 'subscriber').map((p) => [p.name, p] as const))(
    'author port: %s',
    async (name, probe) => {
      const author = await RawPeer.connect(ports.authors);
      author.socket.write(probe.bytes);
      if (!probe.partial) {
        author.send(hostileVoEvent(`ivo://x/after-${name}`));
        const expected = AUTHOR_OUTCOME[name];
        if (expected === 'closed') {
          await author.closed;
          expect(author.messages).toEqual([]);
        } else {
          expect(expected, `no outcome written down for ${name}`).toBeDefined();
          await until(() => author.socket.closed || author.messages.length === expected?.length, 15_000, 'the answers');
          const answers = author.messages.map((m) => {
            if (m.kind !== 'transport') return m.kind;
            if (m.role !== 'nak') return m.role;
            return `nak ${NAK_KINDS.find(([re]) => re.test(m.meta.result ?? ''))?.[1] ?? m.meta.result}`;
          });
          expect(answers).toEqual(expected);
          expect(author.messages.at(-1)).toMatchObject({ origin: `ivo://x/after-${name}` });
        }
      }
      // Another author is served, and what it sends reaches every subscriber.
      const receipt = await sendVoEvent('127.0.0.1', ports.authors, hostileVoEvent(`ivo://x/good-after-${name}`));
      expect(receipt.role).toBe('ack');
      for (const s of subscribers)
        await until(() => s.received.some((e) => e.ivorn === `ivo://x/good-after-${name}`), 15_000, 'relayed');
      await everySubscriberGetsTheNextEvent();
      for (const s of subscribers) expect([s.sub.isConnected, s.disconnects]).toEqual([true, 0]);
      author.socket.destroy();
    },
  );

  it('counted every dropped peer and frame by reason', () => {
    const b = broker.stats();
    expect(b.framesDropped).toMatchObject({ malformed: expect.any(Number), unreadable: expect.any(Number) });
    expect(b.drops).toMatchObject({ 'frame-too-large': expect.any(Number) });
    const r = receiver.stats();
    expect(r.naks).toMatchObject({ malformed: 5, 'not-utf8': 2, doctype: 2, 'too-large': 2 });
    expect(r.drops).toMatchObject({ garbage: 4, 'frame-too-large': 2 });
  });
});
