import { readFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  encodeFrame,
  FrameDecoder,
  parseVtpMessage,
  sendVoEvent,
  silentLogger,
  VtpSubscriber,
  type TransportMessage,
} from '@svom/vtp';
import { hostileFrames } from '@svom/vtp/testing';
import { VtpGateway } from '../src/vtp/vtp.gateway.js';
import type { VtpEventStore } from '../src/vtp/vtp-event.store.js';
import { count, eventually, startAlerts, type Harness } from './helper.js';

/**
 * Issue 16 against the service: hostile frames on both VTP ports cost their sender only, an
 * event too big for NATS is naked before anything is stored, a DOCTYPE is refused, and the
 * metrics say what was dropped and why.
 */

const real = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
  'utf8',
);
const event = (tag: string, extra = '') =>
  real
    .replace('sb26022501_mxt-initial_qf1"', `sb26022501_mxt-initial_qf1-${tag}"`)
    .replace('</What>', `${extra}</What>`);

async function raw(port: number) {
  const socket: Socket = tcpConnect({ host: '127.0.0.1', port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = new FrameDecoder();
  const received: TransportMessage[] = [];
  let closed = false;
  socket.on('data', (chunk) => {
    for (const payload of decoder.push(chunk)) {
      const m = parseVtpMessage(payload);
      if (m.kind === 'transport') received.push(m);
    }
  });
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  return { socket, received, isClosed: () => closed };
}

describe('VTP: hostile peers against the alerts service', () => {
  let h: Harness;
  let sub: VtpSubscriber;
  let disconnects = 0;
  const delivered: string[] = [];
  let ports: { subscribers: number; authors: number };

  beforeAll(async () => {
    h = await startAlerts();
    ports = h.alerts.runtime.vtp.ports;
    sub = new VtpSubscriber({ host: '127.0.0.1', port: ports.subscribers });
    sub.on('voevent', (e) => delivered.push(e.ivorn));
    sub.on('disconnected', () => disconnects++);
    sub.start();
    await eventually(() => h.alerts.runtime.vtp.broker.stats().subscribers === 1, 'the subscriber');
  });
  afterAll(async () => {
    await sub?.close();
    await h?.close();
  });

  test("issue 16's frame to the subscriber port and &#99999999; to the author port: the service goes on", async () => {
    const poc = await raw(ports.subscribers);
    poc.socket.write(encodeFrame('<Transport role="&#x110000;" version="2.0"/>'));
    const author = await raw(ports.authors);
    author.socket.write(encodeFrame(event('x').replace(/ivorn="[^"]*"/, 'ivorn="&#99999999;"')));
    await eventually(() => author.received.length === 1, 'the nak');
    expect(author.received[0]).toMatchObject({ role: 'nak' });
    expect(author.received[0]!.meta.result).toMatch(/character reference/);
    expect((await sendVoEvent('127.0.0.1', ports.authors, event('after-poc'), { timeoutMs: 60_000 })).role).toBe('ack');
    await eventually(() => delivered.some((i) => i.endsWith('-after-poc')), 'the next event delivered');
    expect([sub.isConnected, disconnects]).toEqual([true, 0]);
    for (const p of [poc, author]) p.socket.destroy();
  });

  test('every hostile frame on both ports: the subscriber stays connected and gets the next event', async () => {
    const probes = hostileFrames({ maxEventBytes: h.alerts.runtime.vtp.receiver.maxEventBytes });
    const peers = [];
    for (const probe of probes) {
      for (const port of probe.port === 'both'
        ? [ports.subscribers, ports.authors]
        : [probe.port === 'author' ? ports.authors : ports.subscribers]) {
        const peer = await raw(port);
        peer.socket.write(probe.bytes);
        peers.push(peer);
      }
    }
    const receipt = await sendVoEvent('127.0.0.1', ports.authors, event('after-all'));
    expect(receipt.role).toBe('ack');
    await eventually(() => delivered.some((i) => i.endsWith('-after-all')), 'the next event delivered');
    expect([sub.isConnected, disconnects]).toEqual([true, 0]);
    for (const p of peers) p.socket.destroy();
  });

  test('an event of nearly 1 MiB (NATS max_payload) is naked with the limit; nothing is stored', async () => {
    const before = await count(h.database, 'alerts.vtp_events');
    const big = event('big', `<Description>${'x'.repeat(1_040_000)}</Description>`);
    const receipt = await sendVoEvent('127.0.0.1', ports.authors, big);
    expect(receipt.role).toBe('nak');
    expect(receipt.origin).toBe('ivo://org.svom/fsc#sb26022501_mxt-initial_qf1-big');
    expect(receipt.meta.result).toMatch(/VOEvent of \d+ bytes is over this broker's limit of 262144 bytes/);
    expect(await count(h.database, 'alerts.vtp_events')).toBe(before);
    expect(await count(h.database, 'alerts.outbox')).toBe(0);
  });

  test('an event with a DOCTYPE is naked, never relayed', async () => {
    const withDoctype = event('doctype').replace('<voe:VOEvent', '<!DOCTYPE voe:VOEvent>\n<voe:VOEvent');
    const receipt = await sendVoEvent('127.0.0.1', ports.authors, withDoctype);
    expect(receipt).toMatchObject({ role: 'nak' });
    expect(receipt.meta.result).toMatch(/DOCTYPE/);
    // Even one reaching NATS some other way is not relayed by the broker.
    h.nc.publish(h.subjects.alerts.voevent('external'), withDoctype);
    expect((await sendVoEvent('127.0.0.1', ports.authors, event('after-doctype'))).role).toBe('ack');
    await eventually(() => delivered.some((i) => i.endsWith('-after-doctype')), 'the next event');
    expect(delivered.some((i) => i.endsWith('qf1-doctype'))).toBe(false);
  });

  test('the metrics count dropped peers and frames by port and reason', async () => {
    const metrics = (await h.alerts.inject({ url: '/metrics' })).body;
    const value = (name: string, labels: string) =>
      Number(
        metrics
          .split('\n')
          .find((l) => l.startsWith(`${name}{`) && l.includes(labels))
          ?.split(' ')
          .at(-1),
      );
    expect(value('alerts_vtp_frames_dropped_total', 'port="author",reason="too-large"')).toBeGreaterThanOrEqual(2);
    expect(value('alerts_vtp_frames_dropped_total', 'port="author",reason="doctype"')).toBeGreaterThanOrEqual(3);
    expect(value('alerts_vtp_frames_dropped_total', 'port="author",reason="malformed"')).toBeGreaterThanOrEqual(1);
    expect(value('alerts_vtp_frames_dropped_total', 'port="subscriber",reason="malformed"')).toBeGreaterThanOrEqual(1);
    expect(value('alerts_vtp_frames_dropped_total', 'port="subscriber",reason="relay-doctype"')).toBe(1);
    expect(value('alerts_vtp_peers_dropped_total', 'port="author",reason="frame-too-large"')).toBeGreaterThanOrEqual(2);
    expect(
      value('alerts_vtp_peers_dropped_total', 'port="subscriber",reason="frame-too-large"'),
    ).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/^alerts_vtp_author_held_bytes\{[^}]*\} \d+/m);
  });

  test('a largest event that NATS could not carry stops the gateway at start, naming the setting', async () => {
    const gateway = new VtpGateway(
      { nc: h.nc, js: h.alerts.js, jsm: h.jsm, prefix: h.prefix, subjects: h.subjects },
      {} as VtpEventStore,
      {
        host: '127.0.0.1',
        subscriberPort: 0,
        authorPort: 0,
        subscribers: [],
        authors: [],
        localIvorn: 'ivo://x',
        iamaliveIntervalMs: 60_000,
        limits: { maxEventBytes: 2_000_000 },
      },
      silentLogger,
    );
    await expect(gateway.start()).rejects.toThrow(/VTP_MAX_EVENT_BYTES \(2000000\) must be at most NATS max_payload/);
  });
});
