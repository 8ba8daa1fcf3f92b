// `npm run test:deploy`: the repository's docker-compose.yml run on this machine's Docker engine
// with the images `npm run images` built, every service up (the notify and xmpp profiles too),
// checked from the host as a user would use it (user-journey.ts): the CLI registers stations
// against the containerized ingest and posts simulated relayed traffic with bursts; each burst's
// notices reach a VTP subscriber on 127.0.0.1:8099 once per IVORN, NATS and XMPP subscribers as
// JSON, and a confirmed email subscription; follow-up requests are made; the dashboard answers in
// Chromium. NATS runs
// with accounts and TLS: an outside subscriber issued credentials by the stack's own
// nats-subscribers service receives and replays the notices on the published port and is
// refused everything else; the services' NATS password is rotated under station load with node
// reloads only (no NATS node restarted, nothing acknowledged lost); given the three nodes'
// published ports, a subscriber goes on receiving while nats-1 is down. The stack is removed
// with its volumes at the end (KEEP_STACK=1 leaves it up).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { alertNoticeExample, subjectsFor } from '@svom/contracts';
import { natsConnectAuthOptions, readNatsCredentials } from '@svom/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComposeStack, containerLogs, docker, ONE_SHOTS } from './compose-stack.js';
import { Listener, svom } from './cli-process.js';
import { confirmedEmailSubscription, noticesMailed, xmppListener } from './profiles-journey.js';
import { addSubscriber, connectAsFsc, fscCredential, natsPortsEnv, publishedNatsUrls } from './stack-nats.js';
import { addNextUser, credentialOnEachNode, envLines, recreateOneAtATime, retireOldUsers } from './nats-rotation.js';
import { StationLoad } from './station-load.js';
import { auditNotices, auditPackets, auditReceptions, outboxRows } from './stream-audit.js';
import {
  burstsReachSubscribers,
  type DeployedFsc,
  dashboardAnswers,
  followupDecided,
  streamsOnEveryNode,
  registerStation,
} from './user-journey.js';

// Every service, the opt-in profiles too: notify (mail written to its volume, no SMTP_URL) and
// xmpp (Prosody and the gateway).
const stack = new ComposeStack({
  project: 'svomdeploy',
  env: {
    ...(await natsPortsEnv()),
    COMPOSE_PROFILES: 'notify,xmpp',
    XMPP_DOMAIN: 'fsc.localhost',
    XMPP_PASSWORD: randomBytes(16).toString('hex'),
  },
});
// The URLs a subscriber is given, nats-1 first; `nats1` alone where one node will do.
const natsUrls = publishedNatsUrls(stack);
const nats1 = natsUrls[0]!;
let ca = '';
let operator = '';
let nc: NatsConnection | undefined;
let credentials = '';
const timings: Record<string, number> = {};

beforeAll(async () => {
  // A stack left over by an interrupted run goes first, volumes included.
  await stack.compose('down', '-v', '--remove-orphans');
  const started = Date.now();
  await stack.compose('up', '-d');
  timings.upSeconds = (Date.now() - started) / 1000;
  timings.healthySeconds = timings.upSeconds + (await stack.waitHealthy());
  console.log(`compose up: every container healthy after ${timings.healthySeconds.toFixed(0)} s`);
  ca = await stack.caFile();
  operator = (
    await svom(['user', 'token', '--name', 'deploy-test', '--role', 'operator'], { JWT_SECRET: stack.env.JWT_SECRET! })
  ).trim();
  // The streams are read as the services read them: account FSC, over TLS.
  nc = await connectAsFsc(stack, ca, { maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}, 600_000);

afterAll(async () => {
  await nc?.close();
  if (process.env.KEEP_STACK !== '1') stack.composeSync('down', '-v', '--remove-orphans');
}, 180_000);

describe('docker-compose up -d', () => {
  it('runs every service healthy, the one-shots exited 0', async () => {
    const states = await stack.states();
    const services = new Set(states.map((s) => s.service));
    for (const s of [
      'postgres',
      'nats-1',
      'nats-2',
      'nats-3',
      'tls-init',
      'nats-subscribers',
      'nats-fsc-user',
      'migrate',
      'vhf-ingest',
      'alerts',
      'followup',
      'scheduler',
      'web',
      // the profiles notify and xmpp (COMPOSE_PROFILES in the env file)
      'notify',
      'prosody',
      'xmpp-gateway',
    ])
      expect(services, s).toContain(s);
    for (const s of states)
      if (ONE_SHOTS.includes(s.service)) expect(s.exitCode, s.name).toBe(0);
      else expect(s.health, s.name).toBe('healthy');
  });

  it('publishes the README ports on 127.0.0.1 only', async () => {
    const expected: Array<[string, number]> = [
      ['web', 8440],
      ['vhf-ingest', 8441],
      ['alerts', 8442],
      ['alerts', 8099],
      ['alerts', 8098],
      ['followup', 8443],
      ['scheduler', 8444],
      ['xmpp-gateway', 8445],
      ['notify', 8446],
      ['prosody', 5222],
      ['prosody', 5223],
      ['nats-1', 4222],
      ['nats-2', 4222],
      ['nats-3', 4222],
    ];
    for (const [service, port] of expected) {
      const published = (await docker('port', await stack.containerName(service), `${port}/tcp`)).trim();
      expect(published, `${service}:${port}`).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });

  it('runs the services as a non-root user on a read-only root filesystem', async () => {
    for (const service of ['vhf-ingest', 'alerts', 'followup', 'scheduler', 'web', 'notify', 'xmpp-gateway']) {
      expect((await stack.exec(service, 'id', '-u')).trim(), service).toBe('1000');
      const write = await stack.exec(service, 'sh', '-c', 'touch /app/x 2>&1 || echo refused');
      expect(write, service).toContain('Read-only file system');
    }
  });

  it('makes every JetStream stream with 3 replicas across the 3-node cluster', () => streamsOnEveryNode(nc!));
});

describe('what a user does, from the host', () => {
  let fsc: DeployedFsc;
  let live: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    // An outside subscriber as docs/subscribe.md has one: its credentials file (with the URLs of
    // the three published ports) and the stack's certificate.
    credentials = await addSubscriber(stack, 'deploy-listener', natsUrls);
    fsc = {
      host: '127.0.0.1',
      ca,
      operator,
      natsListen: ['--nats', '--credentials', credentials, '--ca', ca],
      sql: (query) => stack.sql(query),
    };
  }, 120_000);

  it('registers stations with the CLI against the containerized ingest', () => registerStation(fsc, 'DPL1'));

  it('sees every burst as notices on VTP (once per IVORN), as JSON on NATS, on XMPP (profile xmpp) and by email (profile notify)', async () => {
    const subscription = await confirmedEmailSubscription(fsc, stack, stack.env.JWT_SECRET!);
    const xmpp = await xmppListener(stack, stack.env.XMPP_DOMAIN!, ca);
    try {
      await expect.poll(() => xmpp.status.join('\n'), { timeout: 60_000 }).toMatch(/subscribed/i);
      const journey = await burstsReachSubscribers(fsc, { XMPP: xmpp });
      live = journey.natsLines;
      console.log(journey.summary);
    } finally {
      xmpp.stop();
    }
    console.log(`notices mailed to the email subscription: ${await noticesMailed(fsc, stack, subscription)}`);
  }, 300_000);

  it('replays the notices to the outside subscriber with svom listen --nats --since', async () => {
    const notices = live.map((l) => JSON.stringify(l)).sort();
    expect(notices.length).toBeGreaterThan(0);
    const replay = new Listener(['--nats', '--credentials', credentials, '--ca', ca, '--since', '1h']);
    try {
      // The NOTICES stream holds every notice issued: the replay shows each once, as live did.
      await expect
        .poll(() => replay.lines.length, { timeout: 60_000, interval: 1000 })
        .toBeGreaterThanOrEqual(notices.length)
        .catch(async (error: unknown) => {
          // What differs, and what the streams hold, to tell a lost notice from a doubled one.
          const replayed = replay.lines.map((l) => JSON.stringify(l));
          const jsm = await jetstreamManager(nc!);
          const counts = await Promise.all(
            ['ALERTS', 'NOTICES'].map(async (name) => `${name} ${(await jsm.streams.info(name)).state.messages}`),
          );
          console.log(
            `replay ${replayed.length}, live ${notices.length}, ${counts.join(', ')}, notices in PostgreSQL ${await stack.sqlNumber('select count(*) from alerts.notices')}`,
          );
          for (const line of notices.filter((l) => !replayed.includes(l)))
            console.log(`live only: ${line.slice(0, 300)}`);
          for (const line of replayed.filter((l) => !notices.includes(l)))
            console.log(`replay only: ${line.slice(0, 300)}`);
          throw error;
        });
      expect(replay.lines.map((l) => JSON.stringify(l)).sort()).toEqual(notices);
    } finally {
      replay.stop();
    }
  }, 120_000);

  it('decides follow-up for every burst and facility: a request, or why not', async () => {
    console.log(await followupDecided(fsc));
  }, 90_000);

  it(
    'serves the dashboard: the API through the web service, and the live burst list in Chromium',
    () => dashboardAnswers(fsc),
    120_000,
  );
});

describe('the published NATS port: accounts and TLS (deploy/nats)', () => {
  const s = subjectsFor('');
  let outsider: NatsConnection;
  let creds: ReturnType<typeof readNatsCredentials>;
  const outsiderStatus: string[] = [];
  const connectOutsider = () =>
    connect({
      servers: creds.url,
      timeout: 5000,
      maxReconnectAttempts: 0,
      ...natsConnectAuthOptions({ ...creds, ca: readFileSync(ca, 'utf8') }),
    });
  beforeAll(async () => {
    creds = readNatsCredentials(readFileSync(await addSubscriber(stack, 'deploy-outsider', [nats1]), 'utf8'));
    outsider = await connectOutsider();
    void (async () => {
      for await (const status of outsider.status()) outsiderStatus.push(status.type);
    })();
  }, 120_000);
  afterAll(async () => outsider?.close());

  it('refuses a connection without credentials, and one that does not trust the stack certificate', async () => {
    const tls = { ca: readFileSync(ca, 'utf8') };
    await expect(connect({ servers: nats1, timeout: 5000, maxReconnectAttempts: 0, tls })).rejects.toThrow(
      /authorization/i,
    );
    await expect(
      connect({
        servers: nats1,
        timeout: 5000,
        maxReconnectAttempts: 0,
        user: 'fsc',
        pass: 'x',
        tls,
      }),
    ).rejects.toThrow(/authorization/i);
    await expect(
      connect({
        servers: nats1,
        timeout: 5000,
        maxReconnectAttempts: 0,
        user: 'fsc',
        pass: stack.env.NATS_FSC_PASSWORD!,
      }),
    ).rejects.toThrow(/certificate|self.signed/i);
  });

  it('refuses the outside subscriber the VHF packets and the follow-up: a permissions violation', async () => {
    const errors: string[] = [];
    const got: string[] = [];
    for (const subject of [s.vhf.all, s.followup.all])
      outsider.subscribe(subject, {
        callback: (error, message) => {
          if (error) errors.push(error.message);
          else got.push(message.subject);
        },
      });
    await outsider.flush();
    nc!.publish(s.vhf.packet('sband', 'eclairs-alert'), '{}');
    nc!.publish(s.followup.request('colibri'), '{}');
    await nc!.flush();
    await expect.poll(() => errors.join('\n'), { timeout: 15_000 }).toMatch(/permissions violation/i);
    expect(got).toEqual([]);
  });

  it('lets nothing the outside subscriber publishes reach the services', async () => {
    const seen: string[] = [];
    const all = nc!.subscribe(`${s.root}.>`, {
      callback: (_error, message) => {
        seen.push(message.subject);
      },
    });
    await nc!.flush();
    const forged = { ...alertNoticeExample, record_number: 999_999 };
    for (const subject of [s.alerts.notice('forged'), s.vhf.packet('sband', 'forged'), s.followup.request('forged')])
      outsider.publish(subject, JSON.stringify(forged));
    await outsider.flush();
    // A marker from the FSC side: once it has arrived, the forged messages would have too.
    nc!.publish(s.plan.published, '{}');
    await expect.poll(() => seen, { timeout: 15_000 }).toContain(s.plan.published);
    all.unsubscribe();
    expect(seen.filter((subject) => subject.includes('forged'))).toEqual([]);
  });

  it('disconnects a revoked subscriber at the reload and refuses it from then on', async () => {
    await stack.compose('run', '--rm', '-T', 'nats-subscribers', 'revoke', 'deploy-outsider');
    expect(await stack.compose('run', '--rm', '-T', 'nats-subscribers', 'list')).not.toContain('deploy-outsider');
    await stack.compose('kill', '-s', 'HUP', 'nats-1', 'nats-2', 'nats-3');
    await expect.poll(() => outsiderStatus, { timeout: 30_000 }).toContain('disconnect');
    await expect(connectOutsider()).rejects.toThrow(/authorization/i);
  }, 120_000);
});

describe('NATS_FSC_PASSWORD rotated under station load, with reloads only (deploy/README.md, "Secrets rotation")', () => {
  const nodes = ['nats-1', 'nats-2', 'nats-3'];
  // Every long-running service that connects as FSC, the profiles' too: each moves to the new user.
  const services = ['vhf-ingest', 'alerts', 'followup', 'scheduler', 'notify', 'xmpp-gateway', 'web'];

  it('adds the next user to every node, moves the services one at a time, retires the old user: no node restarted, nothing acknowledged lost', async () => {
    const caPem = readFileSync(ca, 'utf8');
    const old = fscCredential(stack);
    const nodesBefore = await Promise.all(nodes.map((n) => stack.startedAs(n)));
    const lastReception = await stack.sqlNumber('select coalesce(max(id), 0) from vhf.receptions');
    const load = new StationLoad({
      urls: ['https://127.0.0.1:8441'],
      ca: caPem,
      operatorToken: operator,
      stations: 8,
      ratePerS: 200,
      burstsPerMin: 6,
      seed: 20261205,
    });
    await load.register();
    const started = Date.now();
    const steps: Record<string, number> = {};
    const lap = (name: string, from: number) => (steps[name] = (Date.now() - from) / 1000);
    let recreated: Record<string, number> = {};
    load.start();
    try {
      await sleep(5000);
      // 1. The next user beside the current one, on every node by a reload.
      let at = Date.now();
      const next = await addNextUser(stack);
      expect(next.user).toBe('fsc-2');
      await stack.compose('kill', '-s', 'HUP', ...nodes);
      await expect
        .poll(() => credentialOnEachNode(natsUrls, caPem, next), { timeout: 30_000 })
        .toEqual(['ok', 'ok', 'ok']);
      expect(await credentialOnEachNode(natsUrls, caPem, old)).toEqual(['ok', 'ok', 'ok']);
      lap('next user on every node', at);
      // 2. .env changed; the services recreated with it one at a time, each healthy before the next.
      at = Date.now();
      stack.setEnv(envLines(next));
      recreated = await recreateOneAtATime(stack, services);
      lap('services recreated one at a time', at);
      // This test's own FSC connection (it reads the streams) moves too, or retire refuses.
      await nc?.close();
      nc = await connectAsFsc(stack, ca, { maxReconnectAttempts: -1, reconnectTimeWait: 500 });
      // 3. The old user removed (nobody is connected as it any more), every node reloaded.
      at = Date.now();
      await retireOldUsers(stack);
      await stack.compose('kill', '-s', 'HUP', ...nodes);
      await expect
        .poll(() => credentialOnEachNode(natsUrls, caPem, old), { timeout: 30_000 })
        .toEqual(Array(3).fill('Authorization Violation'));
      expect(await credentialOnEachNode(natsUrls, caPem, next)).toEqual(['ok', 'ok', 'ok']);
      lap('old user retired on every node', at);
      await sleep(5000);
    } finally {
      await load.stop();
      load.close();
    }
    steps['whole rotation, load on'] = (Date.now() - started) / 1000;
    const servicesAfter = await Promise.all(services.map((s) => stack.startedAs(s)));
    // 4. The next plain `up -d` runs the one-shots again with the new .env (nats-fsc-user finds the
    // nodes accept it) and recreates nothing else.
    let at = Date.now();
    await stack.compose('up', '-d');
    await stack.waitHealthy();
    lap('plain up -d afterwards', at);
    expect(await Promise.all(nodes.map((n) => stack.startedAs(n))), 'NATS nodes never restarted').toEqual(nodesBefore);
    expect(await Promise.all(services.map((s) => stack.startedAs(s))), 'services left as recreated').toEqual(
      servicesAfter,
    );
    // What the stations got a 200 for is stored once; every packet and notice is on its stream once.
    at = Date.now();
    for (let i = 0; i < 60 && (await outboxRows(stack)) > 0; i++) await sleep(1000);
    expect(await outboxRows(stack), 'outbox rows left').toBe(0);
    const receptions = await auditReceptions(stack, load.acked, lastReception);
    const packets = await auditPackets(stack, nc!);
    const notices = await auditNotices(stack, nc!);
    lap('audit', at);
    const rate = load.rate(started, started + steps['whole rotation, load on']! * 1000);
    console.log(
      JSON.stringify({
        rotation: steps,
        recreatedToHealthyS: recreated,
        acked: load.acked.size,
        offeredPerS: `${rate.mean.toFixed(0)} (min ${rate.min})`,
        failedBatchesRetried: load.failedBatches,
        receptions,
        packets,
        notices: { expected: notices.expected, lost: notices.lost, duplicated: notices.duplicated },
      }),
    );
    console.log(
      (await containerLogs(await stack.containerName('nats-1'), 400))
        .split('\n')
        .filter((line) => /Reload/.test(line))
        .join('\n'),
    );
    expect(load.acked.size, 'receptions acknowledged during the rotation').toBeGreaterThan(0);
    expect(receptions.lost, 'acknowledged receptions missing from PostgreSQL').toBe(0);
    expect(receptions.stored2x, 'acknowledged receptions stored twice').toBe(0);
    expect(packets, 'packets on the VHF stream').toMatchObject({ lost: 0, duplicated: 0 });
    expect(notices, 'notices on the ALERTS stream').toMatchObject({ lost: 0, duplicated: 0 });
  }, 600_000);
});

describe('NATS failover: a subscriber given the three published ports, nats-1 down', () => {
  it('goes on receiving the heartbeat and replays every notice with nats-1 stopped; nats-1 comes back healthy', async () => {
    const file = await addSubscriber(stack, 'deploy-failover', natsUrls);
    const creds = readNatsCredentials(readFileSync(file, 'utf8'));
    expect(creds.url).toBe(natsUrls.join(','));
    const notices = (await (await jetstreamManager(nc!)).streams.info('NOTICES')).state.messages;
    expect(notices, 'notices from the user journey').toBeGreaterThan(0);
    // In the file's order, nats-1 first: the subscriber is on the node that is about to stop.
    const subscriber = await connect({
      servers: creds.url!.split(','),
      noRandomize: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      ...natsConnectAuthOptions({ ...creds, ca: readFileSync(ca, 'utf8') }),
    });
    let beats = 0;
    subscriber.subscribe(subjectsFor('').alerts.heartbeat, { callback: (error) => void (error || beats++) });
    let replay: Listener | undefined;
    let killed: string | undefined;
    try {
      await expect.poll(() => beats, { timeout: 30_000 }).toBeGreaterThan(0);
      expect(subscriber.getServer()).toBe(nats1.replace('tls://', ''));
      const started = Date.now();
      killed = await stack.kill('nats-1');
      const beatsAtKill = beats;
      // The alerts service publishes one a second: a few more can only come through nats-2 or nats-3.
      await expect.poll(() => beats - beatsAtKill, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(5);
      expect(subscriber.getServer()).not.toBe(nats1.replace('tls://', ''));
      console.log(`failover: heartbeats again ${((Date.now() - started) / 1000).toFixed(1)} s after nats-1 was killed`);
      // A subscriber that starts now, with nats-1 refusing connections, replays every notice once.
      replay = new Listener(['--nats', '--credentials', file, '--ca', ca, '--from-seq', '1']);
      const listener = replay;
      await expect
        .poll(() => listener.lines.length, { timeout: 90_000, interval: 1000 })
        .toBeGreaterThanOrEqual(notices)
        .catch((error: unknown) => {
          console.log(
            `replay with nats-1 down: ${listener.lines.length} of ${notices}; ${listener.status.join(' | ')}`,
          );
          throw error;
        });
      expect(new Set(listener.lines.map((l) => JSON.stringify(l))).size).toBe(notices);
      console.log(
        `failover: replay of ${notices} notices done ${((Date.now() - started) / 1000).toFixed(1)} s after the kill`,
      );
      // Down all along: what was checked went through nats-2 and nats-3.
      const nats1State = (await stack.states()).find((state) => state.service === 'nats-1');
      expect(nats1State?.status).not.toBe('running');
    } finally {
      replay?.stop();
      await subscriber.close();
      if (killed) {
        await stack.startAgain(killed);
        const healthyS = await stack.waitHealthy(240_000);
        console.log(`failover: nats-1 started again, the stack healthy after ${healthyS.toFixed(0)} s`);
      }
    }
  }, 480_000);
});

describe('PostgreSQL backup and restore (deploy/README.md)', () => {
  it('dumps, drops and restores the database; the stack goes on taking receptions', async () => {
    const before = await stack.sqlNumber('select count(*) from vhf.receptions');
    expect(before).toBeGreaterThan(0);
    // The README's commands: a custom-format dump taken from the running stack...
    await stack.exec('postgres', 'sh', '-c', 'pg_dump -U svom -d svom -Fc -f /tmp/svom.dump');
    // ...the database lost (dropped under the services' open connections)...
    await stack.exec('postgres', 'psql', '-U', 'svom', '-d', 'postgres', '-c', 'drop database svom with (force)');
    await stack.exec('postgres', 'psql', '-U', 'svom', '-d', 'postgres', '-c', 'create database svom');
    // ...and restored from the dump, in one transaction: the services reconnect meanwhile, and a
    // row one of them wrote into a half-restored table would collide with the dump's (seen: a
    // dead letter taking id 1 before the primary key was made).
    await stack.exec('postgres', 'pg_restore', '-U', 'svom', '-d', 'svom', '--single-transaction', '/tmp/svom.dump');
    expect(await stack.sqlNumber('select count(*) from vhf.receptions')).toBe(before);
    // The services reconnect by themselves: healthy again, and a station's receptions are stored.
    await stack.waitHealthy(180_000);
    const summary = await svom([
      'simulate',
      '--url',
      'https://127.0.0.1:8441',
      '--ca',
      ca,
      '--token',
      operator,
      '--stations',
      '4',
      '--rate',
      '50',
      '--bursts-per-min',
      '0',
      '--duration',
      '10',
    ]);
    expect(summary).toMatch(/accepted [1-9]/);
    await expect
      .poll(() => stack.sqlNumber('select count(*) from vhf.receptions'), { timeout: 30_000 })
      .toBeGreaterThan(before);
  }, 300_000);
});
