import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  VtpConnectionError,
  VtpReceiver,
  VtpTimeoutError,
  checkWellFormed,
  encodeFrame,
  sendVoEvent,
} from '../src/index.js';
import type { AcceptOutcome, VtpReceiverOptions } from '../src/index.js';
import { RawPeer, voevent } from './support/vtp-test-kit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A receiver whose `accept` remembers IVORNs and calls repeats duplicates. */
async function startReceiver(options: Partial<VtpReceiverOptions> = {}) {
  const seen = new Set<string>();
  const accepted: string[] = [];
  const receiver = new VtpReceiver({
    host: '127.0.0.1',
    port: 0,
    localIvorn: 'ivo://test/receiver#',
    accept: async (ivorn, xml, context) => {
      expect(context.remoteAddress).toBe('127.0.0.1');
      accepted.push(xml);
      if (seen.has(xml)) return 'duplicate';
      seen.add(xml);
      return 'new';
    },
    ...options,
  });
  const port = await receiver.listen();
  cleanups.push(() => receiver.close());
  return { receiver, port, accepted };
}

describe('VtpReceiver', () => {
  it('acks a new VOEvent after handing it to accept', async () => {
    const { receiver, port, accepted } = await startReceiver();
    const seenEvent = once(receiver, 'voevent');
    const receipt = await sendVoEvent('127.0.0.1', port, voevent(1));
    expect(receipt).toMatchObject({
      role: 'ack',
      origin: 'ivo://org.svom/fsc#test-1',
      response: 'ivo://test/receiver#',
    });
    expect(accepted).toEqual([voevent(1)]);
    expect((await seenEvent)[0]).toMatchObject({
      ivorn: 'ivo://org.svom/fsc#test-1',
      outcome: 'new',
      remoteAddress: '127.0.0.1',
    });
  });

  it('acks a recognised duplicate too, saying so in Result (a nak would claim it was lost)', async () => {
    const { receiver, port } = await startReceiver();
    expect((await sendVoEvent('127.0.0.1', port, voevent(2))).meta.result).toBe('received and validated');
    const again = await sendVoEvent('127.0.0.1', port, voevent(2));
    expect(again.role).toBe('ack');
    expect(again.meta.result).toMatch(/^duplicate/);
    expect(receiver.stats()).toMatchObject({ received: 2, accepted: 1, duplicates: 1, naked: 0 });
  });

  it('naks malformed XML, a missing ivorn, a foreign root and a schema failure, with the reason', async () => {
    const { receiver, port, accepted } = await startReceiver({
      // Like an XSD validator: broken XML first, then the schema.
      validate: (xml) => {
        const wellFormed = checkWellFormed(xml);
        if (!wellFormed.ok) return { valid: false, errors: [{ message: `not well-formed XML: ${wellFormed.reason}` }] };
        return xml.includes('BAD-SCHEMA')
          ? { valid: false, errors: [{ message: "element 'Why': unexpected" }] }
          : { valid: true };
      },
    });
    const broken = voevent(3).replace('</Who>', '</Wh>');
    const cases: Array<[string, RegExp, string]> = [
      [broken, /not well-formed XML/, 'ivo://org.svom/fsc#test-3'],
      ['<VOEvent role="test" version="2.0"><Who/></VOEvent>', /no ivorn/, ''],
      ['<Other ivorn="ivo://x#1"/>', /<Other> is not a VOEvent/, 'ivo://x#1'],
      [
        voevent(4).replace('<Who>', '<Who><!--BAD-SCHEMA-->'),
        /fails schema validation: element 'Why': unexpected/,
        'ivo://org.svom/fsc#test-4',
      ],
    ];
    for (const [xml, reason, origin] of cases) {
      const receipt = await sendVoEvent('127.0.0.1', port, xml);
      expect(receipt.role).toBe('nak');
      expect(receipt.origin).toBe(origin);
      expect(receipt.meta.result).toMatch(reason);
    }
    expect(accepted).toEqual([]);
    expect(receiver.stats().naked).toBe(4);
  });

  it('answers several events on one persistent connection in submission order', async () => {
    // Later events are accepted sooner; receipts must still come back in order.
    const delaysMs = [30, 10, 0];
    let call = 0;
    const { port } = await startReceiver({
      accept: (ivorn) => new Promise<AcceptOutcome>((r) => setTimeout(() => r('new'), delaysMs[call++] ?? 0)),
    });
    const author = await RawPeer.connect(port);
    cleanups.push(() => void author.socket.destroy());
    for (const n of [10, 11, 12]) author.send(voevent(n));
    await author.nth(3);
    expect(author.messages.map((m) => (m.kind === 'transport' ? `${m.role} ${m.origin}` : m.kind))).toEqual([
      'ack ivo://org.svom/fsc#test-10',
      'ack ivo://org.svom/fsc#test-11',
      'ack ivo://org.svom/fsc#test-12',
    ]);
  });

  it('disconnects a peer sending garbage or an oversize frame, without harm to another author', async () => {
    const { receiver, port } = await startReceiver({ maxFrameBytes: 4096 });
    const good = await RawPeer.connect(port);
    cleanups.push(() => void good.socket.destroy());
    good.send(voevent(20));
    await good.nth(1);

    const garbage = await RawPeer.connect(port);
    const garbageDropped = once(receiver, 'authorDropped');
    garbage.socket.write(encodeFrame(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00])));
    expect((await garbageDropped)[0]).toMatchObject({ reason: 'garbage' });
    await garbage.closed;

    const huge = await RawPeer.connect(port);
    const hugeDropped = once(receiver, 'authorDropped');
    huge.socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect((await hugeDropped)[0]).toMatchObject({ reason: 'frame-too-large' });
    await huge.closed;
    expect(garbage.messages).toEqual([]);

    good.send(voevent(21));
    expect(await good.nth(2)).toMatchObject({ role: 'ack', origin: 'ivo://org.svom/fsc#test-21' });
    expect(receiver.stats()).toMatchObject({ dropped: 2, accepted: 2 });
  });

  it('closes without a receipt when accept fails, so the author retries', async () => {
    const { receiver, port } = await startReceiver({ accept: () => Promise.reject(new Error('database down')) });
    const error = await sendVoEvent('127.0.0.1', port, voevent(30)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VtpConnectionError);
    expect((error as VtpConnectionError).code).toBe('VTP_CONNECTION');
    expect(receiver.stats()).toMatchObject({ accepted: 0, naked: 0, dropped: 1 });
  });

  it('refuses authors outside the allowlist', async () => {
    const { receiver, port, accepted } = await startReceiver({ allowlist: ['203.0.113.9'] });
    const refused = once(receiver, 'authorRefused');
    await expect(sendVoEvent('127.0.0.1', port, voevent(40))).rejects.toBeInstanceOf(VtpConnectionError);
    await refused;
    expect(accepted).toEqual([]);
    expect(receiver.stats().refused).toBe(1);
  });

  it('closes an author connection that stays idle', async () => {
    const { receiver, port } = await startReceiver({ idleTimeoutMs: 50 });
    const author = await RawPeer.connect(port);
    const dropped = once(receiver, 'authorDropped');
    await author.closed;
    expect((await dropped)[0]).toMatchObject({ reason: 'idle' });
  });
});

describe('sendVoEvent', () => {
  it('rejects with VtpTimeoutError when the broker never answers', async () => {
    const accepted = new Set<Socket>();
    const silent = createServer((s) => {
      s.on('error', () => {});
      accepted.add(s);
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const s of accepted) s.destroy();
          silent.close(() => r());
        }),
    );
    const port = (silent.address() as { port: number }).port;
    const error = await sendVoEvent('127.0.0.1', port, voevent(1), { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VtpTimeoutError);
  });

  it('rejects with VtpConnectionError when nobody listens', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await expect(sendVoEvent('127.0.0.1', port, voevent(1))).rejects.toMatchObject({ name: 'VtpConnectionError' });
  });
});
