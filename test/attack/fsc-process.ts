import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { STREAM_NAMES, streamName } from '@svom/contracts';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface FscPorts {
  web: number;
  ingest: number;
  alerts: number;
  followup: number;
  scheduler: number;
  notify: number;
  xmppGateway: number;
  vtpSubscribers: number;
  vtpAuthors: number;
}

/** The whole FSC as `npm start` runs it, in a child process of its own, on private everything. */
export interface FscProcess {
  child: ChildProcess;
  ports: FscPorts;
  /** The self-signed certificate it made under its DATA_DIR. */
  ca: string;
  jwtSecret: string;
  dataDir: string;
  /** Its NATS stream prefix (NATS_PREFIX). */
  prefix: string;
  /** Still running (not exited, not killed). */
  alive(): boolean;
  /** Its resident memory (MB), from /proc. */
  rssMb(): number;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Waits for it to exit (after a signal or a crash); its exit code, or null on a signal. */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then waits. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Drops its database and streams, removes its DATA_DIR. */
  cleanup(): Promise<void>;
}

/** Ports nobody listens on now (asked of the system, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export interface StartOptions {
  /** What runs it: `svom` is `node cli/dist/main.js start`; `npm` is `node scripts/start.mjs` (npm start). */
  via?: 'svom' | 'npm';
  env?: Record<string, string>;
  /** Node options for the FSC process (a fault injector with --import, in the launcher probes). */
  nodeArgs?: string[];
}

/**
 * Starts the FSC the way `npm start` does (`svom start`: every service in one process) on a
 * fresh PostgreSQL database, a NATS stream prefix of its own, a private DATA_DIR and free ports,
 * and resolves once it says it is up.
 */
export async function startFscProcess(options: StartOptions = {}): Promise<FscProcess> {
  const [web, ingest, alerts, followup, scheduler, notify, xmppGateway, vtpSubscribers, vtpAuthors] =
    await freePorts(9);
  const ports = {
    web,
    ingest,
    alerts,
    followup,
    scheduler,
    notify,
    xmppGateway,
    vtpSubscribers,
    vtpAuthors,
  } as FscPorts;
  const dataDir = mkdtempSync(join(tmpdir(), 'svom-attack-'));
  const database: TestDatabase = await createTestDatabase({ migrate: false });
  const prefix = `atk${randomBytes(4).toString('hex')}`;
  const jwtSecret = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    NATS_PREFIX: prefix,
    JWT_SECRET: jwtSecret,
    WEB_PORT: String(web),
    VHF_INGEST_PORT: String(ingest),
    ALERTS_PORT: String(alerts),
    FOLLOWUP_PORT: String(followup),
    SCHEDULER_PORT: String(scheduler),
    // Every service on a port of its own: a compose stack on this machine holds the defaults.
    NOTIFY_PORT: String(notify),
    XMPP_GATEWAY_PORT: String(xmppGateway),
    VTP_HOST: '127.0.0.1',
    VTP_SUBSCRIBER_PORT: String(vtpSubscribers),
    VTP_AUTHOR_PORT: String(vtpAuthors),
    NO_COLOR: '1',
    ...options.env,
  };
  delete env.PORT;
  const args =
    options.via === 'npm' ? ['scripts/start.mjs'] : [...(options.nodeArgs ?? []), 'cli/dist/main.js', 'start'];
  if (options.via === 'npm' && options.nodeArgs?.length) env.NODE_OPTIONS = options.nodeArgs.join(' ');
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let exitedAlready = false;
  let exitCode: number | null = null;
  void exit.then(({ code }) => {
    exitedAlready = true;
    exitCode = code;
  });

  const until = Date.now() + 240_000;
  while (!output.includes('stop        Ctrl-C')) {
    if (exitedAlready || Date.now() > until) {
      child.kill('SIGKILL');
      await database.close().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`the FSC did not come up (${exitedAlready ? `exit ${exitCode}` : 'still starting'}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // The launcher's own pid: npm start runs it as its child.
  const fscPid = () => {
    if (options.via !== 'npm') return child.pid!;
    const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/);
    return Number(children[0]);
  };
  const ca = readFileSync(join(dataDir, 'tls', 'localhost.crt'), 'utf8');
  const exited = async (timeoutMs = 30_000) =>
    Promise.race([
      exit,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`the FSC did not exit in ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  return {
    child,
    ports,
    ca,
    jwtSecret,
    dataDir,
    prefix,
    alive: () => !exitedAlready && child.exitCode === null && child.signalCode === null,
    rssMb() {
      const status = readFileSync(`/proc/${fscPid()}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    output: () => output,
    exited,
    async stop() {
      if (!exitedAlready) child.kill('SIGTERM');
      return exited();
    },
    async cleanup() {
      if (!exitedAlready) child.kill('SIGKILL');
      await exit;
      const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
      const jsm = await jetstreamManager(nc);
      for (const name of STREAM_NAMES) await jsm.streams.delete(streamName(name, prefix)).catch(() => false);
      await nc.drain();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
