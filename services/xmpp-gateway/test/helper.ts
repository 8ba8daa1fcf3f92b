import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:https';
import { createInterface } from 'node:readline';
import type { NatsConnection } from '@nats-io/transport-node';
import { publishAlertNotice } from '@svom/contracts/testing';
import { bearer, eventually, settingsWith, TEST_JWT_SECRET, type TestInfra } from '@svom/service-kit/testing';
import type { SvomNotice } from '@svom/voevent';
import { xml } from '@xmpp/client';
import type { Element } from 'ltx';
import { buildXmppGatewayApp, type XmppGatewayApp } from '../src/app.js';
import { XmppGatewayConfig } from '../src/config.js';
import {
  prosodyAccount,
  startProsody,
  type ProsodyOptions,
  type ProsodyProcess,
} from '../src/prosody/prosody-setup.js';
import { PubSub } from '../src/xmpp/pubsub.js';
import { xmppClient } from '../src/xmpp/xmpp-client.js';

export { eventually };
export const operatorAuth = () => bearer('test-operator', ['operator']);

/** A port nothing listens on right now (the OS's choice), for servers that cannot take port 0. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const GATEWAY_USER = 'fsc-gateway';
export const GATEWAY_PASSWORD = 'gateway-test-password';

/** A suite's own Prosody: a temp dir, random ports, the gateway's account registered, in-band sign-up on. */
export interface TestProsody {
  options: ProsodyOptions;
  process: ProsodyProcess;
  caFile: string;
  service: string;
  pubsub: string;
  restart(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

export async function startTestProsody(): Promise<TestProsody> {
  const dataDir = mkdtempSync(join(tmpdir(), 'svom-prosody-'));
  const options: ProsodyOptions = {
    dataDir,
    domain: 'localhost',
    c2sPort: await freePort(),
    tlsPort: await freePort(),
    admin: `${GATEWAY_USER}@localhost`,
    register: true,
  };
  const started = { process: await startProsody(options) };
  prosodyAccount(options, GATEWAY_USER, GATEWAY_PASSWORD);
  return {
    options,
    get process() {
      return started.process;
    },
    caFile: join(dataDir, 'tls', 'xmpp.crt'),
    service: `xmpps://127.0.0.1:${options.tlsPort}`,
    pubsub: 'pubsub.localhost',
    /** Stops it (SIGKILL: a crash) and starts it again on the same ports and data. */
    async restart(signal = 'SIGKILL') {
      await started.process.stop(signal);
      started.process = await startProsody(options);
    },
    async close() {
      await started.process.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The gateway's settings for a suite's Prosody. */
export function gatewaySettings(prosody: TestProsody) {
  return settingsWith(XmppGatewayConfig, {
    DATA_DIR: join(prosody.options.dataDir, 'gateway'),
    LOG_LEVEL: 'silent',
    XMPP_SERVICE: prosody.service,
    XMPP_USER: GATEWAY_USER,
    XMPP_PASSWORD: GATEWAY_PASSWORD,
    XMPP_CA: prosody.caFile,
    // Generous: the machine running the tests is shared, and Prosody's SCRAM hashing is slow there.
    XMPP_TIMEOUT_MS: 30_000,
    // The default: a batch waiting behind a slow publish on a loaded machine is not redelivered.
    CONSUMER_ACK_WAIT_S: 30,
    CONSUMER_BACKOFF_MS: 100,
    CONSUMER_BACKOFF_MAX_MS: 1000,
  });
}

/** The gateway app in this process on a suite's infrastructure and Prosody, started and online. */
export async function startGateway(t: TestInfra, prosody: TestProsody): Promise<XmppGatewayApp> {
  const app = await buildXmppGatewayApp({
    jwtSecret: TEST_JWT_SECRET,
    logger: false,
    infra: t.infra,
    settings: gatewaySettings(prosody),
  });
  await app.ready();
  await app.runtime.start();
  await app.runtime.link.whenOnline(120_000);
  return app;
}

/**
 * The gateway as its own process (the built `server.js`), so a test can SIGKILL it mid-burst
 * as a crash would. Answers once its REST port says ready.
 */
export async function spawnGateway(t: TestInfra & { database: { url: string } }, prosody: TestProsody) {
  const port = await freePort();
  const settings = gatewaySettings(prosody);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
    LOG_LEVEL: 'info',
    PORT: String(port),
    DATABASE_URL: t.database.url,
    NATS_URL: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
    NATS_PREFIX: t.prefix,
    JWT_SECRET: TEST_JWT_SECRET,
  };
  // The built server (npm test builds first), as deployed: starting it through tsx takes a minute
  // on a loaded machine.
  const server = new URL('../dist/server.js', import.meta.url).pathname;
  // Its log next to Prosody's, for a failing run to be read.
  const logFile = join(prosody.options.dataDir, `gateway-${port}.log`);
  const child = spawn(process.execPath, [server], {
    env,
    stdio: ['ignore', openSync(logFile, 'a'), 'pipe'],
  });
  let stderr = '';
  let lastReady = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the gateway exited at start: ${stderr}`);
      const ready = await getStatus(port, '/ready');
      lastReady = ready?.body ?? 'no answer';
      return ready?.status === 200;
    },
    'the gateway process to be ready',
    180_000,
  ).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(
      `${error.message}: /ready said ${lastReady}; stderr: ${stderr}; log: ${readFileSync(logFile, 'utf8').slice(-3000)}; prosody: ${readFileSync(join(prosody.options.dataDir, 'prosody.log'), 'utf8').slice(-2000)}`,
    );
  });
  return {
    child,
    port,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** A plain XMPP subscriber (xmpp.js) with its own account: subscribes, collects events, reads items. */
export class TestSubscriber {
  readonly events: Array<{ node: string; id: string; payload: Element | undefined }> = [];
  readonly client;
  readonly pubsub: PubSub;

  private constructor(
    readonly user: string,
    prosody: TestProsody,
  ) {
    this.client = xmppClient({
      service: prosody.service,
      domain: 'localhost',
      username: user,
      password: `${user}-password`,
      resource: 'test',
      caFile: prosody.caFile,
      timeoutMs: 30_000,
    });
    this.pubsub = new PubSub(this.client, prosody.pubsub, 30_000);
    this.client.on('error', () => {});
    this.client.on('stanza', (stanza: Element) => {
      const items = stanza.is('message')
        ? stanza.getChild('event', 'http://jabber.org/protocol/pubsub#event')?.getChild('items')
        : undefined;
      for (const item of items?.getChildren('item') ?? [])
        this.events.push({
          node: String(items!.attrs['node']),
          id: String(item.attrs['id']),
          payload: item.getChildElements()[0],
        });
    });
  }

  get jid(): string {
    return `${this.user}@localhost`;
  }

  static async connect(prosody: TestProsody, user: string): Promise<TestSubscriber> {
    prosodyAccount(prosody.options, user, `${user}-password`);
    const s = new TestSubscriber(user, prosody);
    await s.client.start();
    await s.client.send(xml('presence'));
    return s;
  }

  async subscribe(...nodes: string[]): Promise<void> {
    for (const node of nodes) await this.pubsub.subscribe(node, this.jid);
  }

  ids(node: string): string[] {
    return this.events.filter((e) => e.node === node).map((e) => e.id);
  }

  async close(): Promise<void> {
    this.client.reconnect.stop();
    await this.client.stop().catch(() => undefined);
  }
}

/** The independent client: Debian's python3-slixmpp signing up in-band, subscribing, printing events. */
export function startSlixmpp(prosody: TestProsody, user: string, nodes: string[]) {
  const script = new URL('./slixmpp-subscriber.py', import.meta.url).pathname;
  const child: ChildProcess = spawn(
    '/usr/bin/python3',
    [
      script,
      `${user}@localhost`,
      `${user}-pw`,
      '127.0.0.1',
      String(prosody.options.tlsPort),
      prosody.pubsub,
      prosody.caFile,
      ...nodes,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line)));
  return {
    lines,
    get stderr() {
      return stderr;
    },
    items: () =>
      lines.filter((l) => l['id'] !== undefined) as Array<{ node: string; id: string; root: string; ns: string }>,
    ready: () =>
      eventually(() => {
        if (child.exitCode !== null) throw new Error(`slixmpp exited (${child.exitCode}): ${stderr}`);
        const error = lines.find((l) => l['error']);
        if (error) throw new Error(`slixmpp: ${error['error']}`);
        return lines.some((l) => l['ready']);
      }, 'the slixmpp subscriber'),
    close: () => void child.kill('SIGTERM'),
  };
}

/** Publishes a notice on the ALERTS stream exactly as alerts does: JSON and VOEvent, headers, Nats-Msg-Ids. */
export async function publishNotice(nc: NatsConnection, prefix: string, notice: SvomNotice): Promise<string> {
  const { key } = await publishAlertNotice(nc, prefix, notice, { voevent: true });
  return key.split('#')[1]!;
}

/** An MXT notice of a burst (the typed input alerts builds its forms from); `serial` > 1 is an update. */
export function mxtNotice(burstId: string, serial: number): SvomNotice {
  return {
    name: serial === 1 ? 'mxt-initial_qf3' : 'mxt-update_qf3',
    packetType: serial === 1 ? 209 : 210,
    burstId,
    serialNumber: serial === 1 ? 1 : serial - 1,
    dateIssued: '2026-03-14T02:13:41Z',
    t0: '2026-03-14T02:10:05.250Z',
    position: { raDeg: 201.3845, decDeg: -14.0451, errorRadiusDeg: 0.0172 },
    snr: 12.3,
    meanFlux: 0.4,
    fluxError: 0.1,
    withinEclairsR90: true,
    eclairsAngleArcmin: 4.2,
    useVtAttitude: false,
  } as SvomNotice;
}

export const burstVector = JSON.parse(
  readFileSync(new URL('../../../testdata/vectors/burst-relayed.json', import.meta.url), 'utf8'),
);

/** A GET on the gateway's HTTPS port (its self-signed development pair: not verified). */
export function getStatus(port: number, path: string): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path, rejectUnauthorized: false, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', () => resolve(undefined));
    request.on('timeout', () => request.destroy());
  });
}
