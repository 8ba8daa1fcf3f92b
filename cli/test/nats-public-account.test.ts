import { createConnection } from 'node:net';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  alertNoticeExample,
  PUBLIC_JS_API_PREFIX,
  PUBLIC_NOTICE_STREAM,
  streamName,
  subjectsFor,
} from '@svom/contracts';
import { readSubscribers, revokeSubscriber } from '../src/subscriber/subscribers-file.js';
import { startSecuredNats, type SecuredNats } from './secured-nats.js';

// The NATS of deploy/nats (accounts.conf, TLS on the client port) as an outside subscriber meets it.
const s = subjectsFor('');
let nats: SecuredNats;
let alicePassword: string;

beforeAll(async () => {
  nats = await startSecuredNats();
  alicePassword = await nats.addSubscriber('alice');
});
afterAll(async () => nats?.close());

const notice = (n: number) => ({ ...alertNoticeExample, record_number: n });

/** Publishes a notice as the alerts service does (ALERTS stream, sourced into NOTICES). */
async function publishNotice(n: number): Promise<void> {
  const h = headers();
  h.set('Nats-Msg-Id', `test-notice-${n}-${Date.now()}`);
  await nats.fsc.js.publish(s.alerts.notice('mxt-initial_qf3'), JSON.stringify(notice(n)), { headers: h });
}

/** Collects what a subscription receives, and permission errors the connection reports. */
function collect(nc: NatsConnection, subject: string): { got: string[]; errors: string[] } {
  const got: string[] = [];
  const errors: string[] = [];
  nc.subscribe(subject, {
    callback: (error, message) => {
      if (error) errors.push(error.message);
      else got.push(message.subject);
    },
  });
  return { got, errors };
}

describe('connecting to the secured NATS', () => {
  it('refuses a client without credentials, with a wrong password, or that does not trust the certificate', async () => {
    await expect(
      connect({ servers: nats.url, timeout: 3000, tls: { ca: nats.ca }, maxReconnectAttempts: 0 }),
    ).rejects.toThrow(/authorization/i);
    await expect(nats.connectAs('alice', 'not-her-password')).rejects.toThrow(/authorization/i);
    await expect(nats.connectAs('alice', alicePassword, { ca: undefined })).rejects.toThrow(/certificate|self.signed/i);
  });

  it('never lets a password travel in clear: a client that does not speak TLS is refused before it is read', async () => {
    // nats.js upgrades by itself when the server asks, so a raw socket plays the careless client.
    const socket = createConnection(nats.server.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      if (received.startsWith('INFO') && !received.includes('CONNECT'))
        socket.write(`CONNECT {"user":"alice","pass":"${alicePassword}","verbose":false}\r\nPING\r\n`);
    });
    await new Promise((resolve) => socket.once('close', resolve));
    expect(JSON.parse(/^INFO (.*)\r\n/.exec(received)?.[1] ?? '{}')).toMatchObject({ tls_required: true });
    // The server expects a TLS handshake: the plaintext CONNECT fails it and the socket is closed.
    expect(received).not.toMatch(/PONG|\+OK/);
  });
});

describe('what a PUBLIC user receives', () => {
  it('gets the live notices and the heartbeat, and none of the VHF packets, follow-up, plans or burst states', async () => {
    const alice = await nats.connectAs('alice', alicePassword);
    const notices = collect(alice, s.alerts.notices);
    const heartbeats = collect(alice, s.alerts.heartbeat);
    const forbidden = [s.vhf.all, s.followup.all, s.plan.all, s.alerts.bursts, s.alerts.voevents].map((subject) =>
      collect(alice, subject),
    );
    await alice.flush();
    const { nc } = nats.fsc;
    nc.publish(s.vhf.packet('sband', 'eclairs-alert'), '{}');
    nc.publish(s.followup.request('colibri'), '{}');
    nc.publish(s.plan.published, '{}');
    nc.publish(s.alerts.burst('sb26031401'), '{}');
    nc.publish(s.alerts.voevent('mxt-initial_qf3'), '<VOEvent/>');
    nc.publish(s.alerts.heartbeat, '{"sequence":1}');
    nc.publish(s.alerts.notice('mxt-initial_qf3'), JSON.stringify(notice(1)));
    // One publisher, one subscriber: what was published before the notice has arrived when it has.
    await vi.waitFor(() => expect(notices.got).toEqual([s.alerts.notice('mxt-initial_qf3')]), { timeout: 10_000 });
    expect(heartbeats.got).toEqual([s.alerts.heartbeat]);
    for (const f of forbidden) expect(f.got).toEqual([]);
    // The server says why, instead of silently giving nothing.
    await vi.waitFor(() => expect(forbidden.flatMap((f) => f.errors).join('\n')).toMatch(/permissions violation/i), {
      timeout: 10_000,
    });
    await alice.close();
  });

  it('cannot publish where the services listen: its writes stay in its own account', async () => {
    const alice = await nats.connectAs('alice', alicePassword);
    const seen = collect(nats.fsc.nc, `${s.root}.>`);
    await nats.fsc.nc.flush();
    for (const subject of [s.alerts.notice('forged'), s.vhf.packet('sband', 'forged'), s.followup.request('forged')])
      alice.publish(subject, '{}');
    await alice.flush();
    // A marker from the FSC side proves the FSC subscription was live while alice published.
    nats.fsc.nc.publish(s.plan.published, '{}');
    await vi.waitFor(() => expect(seen.got).toContain(s.plan.published), { timeout: 10_000 });
    expect(seen.got).toEqual([s.plan.published]);
    await alice.close();
  });

  it('cannot reach the JetStream API of the services: no ALERTS or VHF stream, no consumer made there', async () => {
    const alice = await nats.connectAs('alice', alicePassword);
    for (const apiPrefix of ['$JS.API', PUBLIC_JS_API_PREFIX]) {
      const jsm = await jetstreamManager(alice, { apiPrefix, checkAPI: false, timeout: 2000 });
      for (const stream of [streamName('ALERTS'), streamName('VHF')]) {
        await expect(jsm.streams.info(stream)).rejects.toThrow();
        await expect(jsm.consumers.add(stream, { name: 'steal', filter_subject: '>' })).rejects.toThrow();
        // The followup and scheduler services' durable consumers are out of reach.
        await expect(jsm.consumers.info(stream, 'followup-notices')).rejects.toThrow();
      }
    }
    // The ALERTS stream is the FSC's, so nothing was made there.
    expect((await nats.fsc.jsm.consumers.list(streamName('ALERTS')).next()).length).toBe(0);
    await alice.close();
  });
});

describe('replaying the notices', () => {
  it('reads the NOTICES stream from its first sequence through an ordered consumer', async () => {
    for (const n of [11, 12, 13]) await publishNotice(n);
    const alice = await nats.connectAs('alice', alicePassword);
    const consumer = await jetstream(alice, { apiPrefix: PUBLIC_JS_API_PREFIX }).consumers.get(PUBLIC_NOTICE_STREAM, {
      opt_start_seq: 1,
    });
    const seen: number[] = [];
    const messages = await consumer.consume();
    for await (const m of messages) {
      seen.push((m.json() as { record_number: number }).record_number);
      if (seen.includes(13)) break;
    }
    expect(seen.slice(-3)).toEqual([11, 12, 13]);
    await alice.close();
  });
});

describe('issuing and revoking', () => {
  it('admits a subscriber added after the start, and disconnects and refuses one revoked, without a restart', async () => {
    const password = await nats.addSubscriber('bob');
    expect(readSubscribers(nats.subscribersFile).map((e) => e.name)).toEqual(['alice', 'bob']);
    // Hashed at bcrypt's lowest cost (users-file.ts says why): the server still checks it.
    expect(readSubscribers(nats.subscribersFile)[1]?.password).toMatch(/^\$2[aby]\$04\$/);
    const bob = await nats.connectAs('bob', password);
    const closed = bob.closed();
    const statuses: string[] = [];
    void (async () => {
      for await (const status of bob.status()) statuses.push(status.type);
    })();
    expect(revokeSubscriber(nats.subscribersFile, 'bob')).toBe(true);
    await nats.server.reload();
    await closed.catch(() => {});
    expect(bob.isClosed() || statuses.includes('disconnect')).toBe(true);
    await bob.close().catch(() => {});
    await expect(nats.connectAs('bob', password)).rejects.toThrow(/authorization/i);
    // Alice, still listed, is untouched by bob's revocation.
    const alice = await nats.connectAs('alice', alicePassword);
    await alice.close();
  });
});
