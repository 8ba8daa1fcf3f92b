import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeFrame, FrameDecoder, parseVtpMessage, type VtpSubscriber, type TransportMessage } from '@svom/vtp';
import { count, eventually, startAlerts, subscribeToVtp, type Harness } from './helper.js';

const real = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
  'utf8',
);
const event = (n: number) => real.replace('sb26022501_mxt-initial_qf1"', `sb26022501_mxt-initial_qf1-test${n}"`);
const grm = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/grm/grm_334.xml', import.meta.url),
  'utf8',
);

/** A raw author or subscriber connection, to control exactly how bytes go out. */
async function rawPeer(port: number, localAddress = '127.0.0.1') {
  const socket: Socket = tcpConnect({ host: '127.0.0.1', port, localAddress });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = new FrameDecoder();
  const received: TransportMessage[] = [];
  const frames: string[] = [];
  let closed = false;
  socket.on('data', (chunk) => {
    for (const payload of decoder.push(chunk)) {
      frames.push(payload.toString('utf8'));
      const m = parseVtpMessage(payload);
      if (m.kind === 'transport') received.push(m);
    }
  });
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  return { socket, received, frames, isClosed: () => closed };
}

describe('VTP: the author port 8098 and the subscriber port 8099', () => {
  let h: Harness;
  let sub: VtpSubscriber;
  const delivered: string[] = [];
  let ports: { subscribers: number; authors: number };

  beforeAll(async () => {
    h = await startAlerts();
    ports = h.alerts.runtime.vtp.ports;
    sub = await subscribeToVtp(h, (e) => delivered.push(e.ivorn));
  });
  afterAll(async () => {
    await sub?.close();
    await h?.close();
  });

  test('an event split over many reads is acked, stored once, and reaches the subscriber', async () => {
    const author = await rawPeer(ports.authors);
    const frame = encodeFrame(event(1));
    for (let i = 0; i < frame.length; i += 97) {
      author.socket.write(frame.subarray(i, i + 97));
      await new Promise((r) => setTimeout(r, 1));
    }
    await eventually(() => author.received.length === 1, 'the ack');
    expect(author.received[0]).toMatchObject({ role: 'ack', origin: expect.stringContaining('test1') });
    await eventually(
      () => delivered.includes('ivo://org.svom/fsc#sb26022501_mxt-initial_qf1-test1'),
      'delivery to the subscriber',
    );
    expect(await count(h.database, 'alerts.vtp_events')).toBe(1);
    author.socket.destroy();
  });

  test('two events in one read get two acks in order; a copy is acked as a duplicate and not redistributed', async () => {
    const author = await rawPeer(ports.authors);
    author.socket.write(Buffer.concat([encodeFrame(event(2)), encodeFrame(event(3))]));
    await eventually(() => author.received.length === 2, 'two acks');
    expect(author.received.map((m) => m.origin)).toEqual([
      expect.stringContaining('test2'),
      expect.stringContaining('test3'),
    ]);
    author.socket.write(encodeFrame(event(2)));
    await eventually(() => author.received.length === 3, 'the duplicate ack');
    expect(author.received[2]).toMatchObject({ role: 'ack' });
    expect(author.received[2]!.meta.result).toMatch(/duplicate/);
    await eventually(() => delivered.filter((i) => /test[23]$/.test(i)).length === 2, 'both events delivered');
    await new Promise((r) => setTimeout(r, 200));
    expect(delivered.filter((i) => i.endsWith('test2'))).toHaveLength(1);
    author.socket.destroy();
  });

  test('an event failing the XSD is naked with the reason; garbage closes that connection only', async () => {
    const author = await rawPeer(ports.authors);
    author.socket.write(encodeFrame(event(4).replace(/<Who>[\s\S]*?<\/Who>/, '<Who><Bogus/></Who>')));
    await eventually(() => author.received.length === 1, 'the nak');
    expect(author.received[0]).toMatchObject({ role: 'nak' });
    expect(author.received[0]!.meta.result).toMatch(/schema/);
    const bad = await rawPeer(ports.authors);
    bad.socket.write(encodeFrame('this is not xml at all'));
    await eventually(() => bad.isClosed(), 'the garbage peer cut');
    const oversize = await rawPeer(ports.authors);
    oversize.socket.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await eventually(() => oversize.isClosed(), 'the oversize peer cut');
    author.socket.write(encodeFrame(event(5)));
    await eventually(() => author.received.length === 2, 'the good author still served');
    expect(author.received[1]).toMatchObject({ role: 'ack' });
    author.socket.destroy();
    const metrics = (await h.alerts.inject({ url: '/metrics' })).body;
    const line = (labels: string) =>
      metrics.split('\n').find((l) => l.startsWith('alerts_vtp_author_') && l.includes(labels));
    expect(Number(line('outcome="naked"')?.split(' ').at(-1))).toBe(1);
    expect(Number(line('outcome="accepted"')?.split(' ').at(-1))).toBeGreaterThanOrEqual(4); // events 1-3 and 5
    expect(Number(line('outcome="dropped"')?.split(' ').at(-1))).toBeGreaterThanOrEqual(2); // garbage, oversize
    // The accepted events were offered to JetStream at once: none left to the outbox drain.
    expect(metrics).toMatch(/^after_commit_work_skipped_total\{[^}]*work="vtp-events-outbox"[^}]*\} 0$/m);
  });

  test('a subscriber that never acks does not hold back the others', async () => {
    const mute = await rawPeer(ports.subscribers);
    await eventually(() => h.alerts.runtime.vtp.broker.stats().subscribers === 2, 'the mute subscriber');
    const author = await rawPeer(ports.authors);
    for (let i = 10; i < 30; i++) author.socket.write(encodeFrame(event(i)));
    await eventually(
      () => delivered.filter((x) => /test(1\d|2\d)$/.test(x)).length === 20,
      'all 20 at the good subscriber',
    );
    await eventually(() => mute.frames.length >= 20, 'all 20 written to the mute one too');
    expect(h.alerts.runtime.vtp.broker.stats().subscribers).toBe(2);
    mute.socket.destroy();
    author.socket.destroy();
  });

  test('a peer outside the allowlist is refused', async () => {
    const strict = await startAlerts({ VTP_AUTHORS: '10.1.2.0/24', VTP_SUBSCRIBERS: '10.1.2.3' });
    try {
      const peer = await rawPeer(strict.alerts.runtime.vtp.ports.authors);
      await eventually(() => peer.isClosed(), 'refusal');
      const s = await rawPeer(strict.alerts.runtime.vtp.ports.subscribers);
      await eventually(() => s.isClosed(), 'refusal of the subscriber');
      expect(strict.alerts.runtime.vtp.receiver.stats().refused).toBe(1);
    } finally {
      await strict.close();
    }
  });

  test('per-subscriber filters: a subscriber a rule names gets what passes it, the others everything', async () => {
    // Loopback is 127.0.0.0/8: a second subscriber address on this host, for the rule to name.
    const file = join(mkdtempSync(join(tmpdir(), 'svom-vtp-filters-')), 'filters.json');
    writeFileSync(file, JSON.stringify([{ subscribers: ['127.0.0.2'], types: ['201'] }]));
    const filtered = await startAlerts({ VTP_FILTERS_FILE: file });
    try {
      const { ports: p } = filtered.alerts.runtime.vtp;
      const [all, grmOnly] = [await rawPeer(p.subscribers), await rawPeer(p.subscribers, '127.0.0.2')];
      await eventually(() => filtered.alerts.runtime.vtp.broker.stats().subscribers === 2, 'both subscribers');
      const author = await rawPeer(p.authors);
      author.socket.write(Buffer.concat([encodeFrame(event(40)), encodeFrame(grm), encodeFrame(event(41))]));
      await eventually(() => all.frames.length === 3, 'all three at the unfiltered subscriber');
      await eventually(() => grmOnly.frames.length === 1, 'the GRM trigger at the filtered one');
      await new Promise((r) => setTimeout(r, 200));
      expect(grmOnly.frames.map((f) => /ivorn="([^"]+)"/.exec(f)?.[1])).toEqual([/ivorn="([^"]+)"/.exec(grm)![1]]);
      expect(all.frames).toHaveLength(3);
      for (const peer of [all, grmOnly, author]) peer.socket.destroy();
    } finally {
      await filtered.close();
    }
  });
});
