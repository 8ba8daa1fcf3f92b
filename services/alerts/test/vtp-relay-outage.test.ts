import { readFileSync } from 'node:fs';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { streamName } from '@svom/contracts';
import { afterAll, describe, expect, test } from 'vitest';
import { startCuttableLink, startPrivateNatsServer } from '@svom/service-kit/testing';
import { eventually, startAlerts, subscribeToVtp, type Harness } from './helper.js';

const real = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
  'utf8',
);
const ivornOf = (name: string) => `ivo://org.svom/fsc#sb26022501_mxt-initial_qf1-${name}`;
const event = (name: string) => real.replace('sb26022501_mxt-initial_qf1"', `sb26022501_mxt-initial_qf1-${name}"`);

describe('VTP relay: what is stored while the service is cut off from NATS still reaches its subscribers', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('VOEvents stored before, during and across a reconnect, and right after a server restart, reach a VTP subscriber exactly once, in order', async () => {
    // The service reaches its own nats-server through a link the test cuts; the test's connection
    // does not, and goes on storing VOEvents, as another instance on another NATS node would.
    const nats = await startPrivateNatsServer();
    cleanups.push(() => nats.close());
    const link = await startCuttableLink(nats.port);
    cleanups.push(() => link.close());
    const h: Harness = await startAlerts({}, { natsUrl: link.url });
    cleanups.push(() => h.close());
    const direct: NatsConnection = await connect({
      servers: nats.url,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 50,
    });
    cleanups.push(() => direct.drain());
    const js: JetStreamClient = jetstream(direct);
    const jsm = await jetstreamManager(direct, { timeout: 1000 });
    const store = async (name: string) => {
      const h2 = headers();
      h2.set('Nats-Msg-Id', `vtp:${name}`);
      await js.publish(h.subjects.alerts.voevent('external'), event(name), { headers: h2 });
    };

    const received: string[] = [];
    await subscribeToVtp(h, (e) => received.push(e.ivorn));
    const sent: string[] = [];
    const storeAll = async (names: string[]) => {
      for (const name of names) {
        await store(name);
        sent.push(ivornOf(name));
      }
    };
    const names = (what: string, n: number) => Array.from({ length: n }, (_, i) => `${what}${i}`);

    await storeAll(names('before', 5));
    await eventually(() => received.length === 5, 'the events stored before the cut');

    const connections = link.accepted;
    link.cut();
    await eventually(() => !h.alerts.runtime.publisher.natsUp, 'the service to see NATS gone');
    const ready = await h.alerts.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    await storeAll(names('during', 20));

    // Mended, and more stored at once, while the service's client is still reconnecting.
    link.mend();
    await storeAll(names('across', 10));
    await eventually(() => link.accepted > connections, 'the service to reconnect');
    await storeAll(names('after', 5));
    await eventually(() => received.length >= sent.length, 'every event stored', 30_000);
    // The last one marks the end: a copy of any earlier one would have come before it (in order).
    await storeAll(['last']);
    await eventually(() => received.includes(ivornOf('last')), 'the last event');
    expect(received).toEqual(sent);

    // The server itself restarted: the service's ordered consumer (in memory) is gone with it and
    // made again from where it was; what the test stores first, as soon as it is back, comes too.
    await nats.kill();
    await eventually(() => !h.alerts.runtime.publisher.natsUp, 'the service to see NATS gone');
    await nats.restart();
    await eventually(
      () =>
        jsm.streams.info(streamName('ALERTS', h.prefix)).then(
          () => true,
          () => false,
        ),
      'JetStream to answer the test again',
    );
    await storeAll(names('restarted', 10));
    await storeAll(['end']);
    await eventually(() => received.includes(ivornOf('end')), 'the events stored after the restart', 30_000);
    expect(received).toEqual(sent);
    expect(h.alerts.runtime.vtp.relaying).toBe(true);
    expect(h.alerts.runtime.vtp.stats().fanOutErrors).toBe(0);
    const readyAgain = await h.alerts.inject({ method: 'GET', url: '/ready' });
    expect(readyAgain.json().checks['vtp relay']).toBe('ok');
  }, 60_000);
});
