import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A nats-server of one test's own, which that test may kill and start again. */
export interface PrivateNatsServer {
  /** `nats://127.0.0.1:<port>`: the same across restarts. */
  url: string;
  port: number;
  /** The JetStream store, kept across restarts: streams and their duplicate windows survive. */
  storeDir: string;
  /** SIGKILL, as a crash or a pulled plug would: nothing is flushed or said goodbye to. */
  kill(): Promise<void>;
  /** Starts it again on the same port and store; answers once it accepts connections. */
  restart(): Promise<void>;
  /** Kills it and removes its store. */
  close(): Promise<void>;
  /** Its monitoring port (`/connz`, `/healthz`) when started with `monitor: true`. */
  monitorUrl?: string;
  /** The running server's process id (what `svom subscriber --reload-pid` signals). */
  pid(): number | undefined;
  /** SIGHUP: the server reads its config file again (users added or revoked) without a restart. */
  reload(): Promise<void>;
}

export interface PrivateNatsServerOptions {
  /**
   * A nats-server config file (accounts, TLS). Port and address still come from here; the file
   * names the store as `jetstream { store_dir: $NATS_STORE_DIR }`: a reload keeps JetStream only
   * when the file itself enables it (a `-js` flag is forgotten on SIGHUP) in an unchanged dir.
   */
  configFile?: string;
  /** Variables its config refers to (`$NATS_STORE_DIR` is always given). */
  env?: Record<string, string>;
  /** Serve the monitoring endpoints too, on a free port of 127.0.0.1 (`monitorUrl`). */
  monitor?: boolean;
}

/**
 * Starts `nats-server` (on the PATH, see the README) with JetStream, on a free port of 127.0.0.1
 * and a temporary store: the machine's shared NATS must never be stopped under other suites.
 */
export async function startPrivateNatsServer(options: PrivateNatsServerOptions = {}): Promise<PrivateNatsServer> {
  const storeDir = mkdtempSync(join(tmpdir(), 'svom-nats-'));
  const port = await freePort();
  const monitorPort = options.monitor ? await freePort() : undefined;
  let child: ChildProcess | undefined = await spawnNats(port, monitorPort, storeDir, options);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    ...(monitorPort ? { monitorUrl: `http://127.0.0.1:${monitorPort}` } : {}),
    storeDir,
    async kill() {
      if (child) await killed(child);
      child = undefined;
    },
    async restart() {
      if (child) await killed(child);
      child = await spawnNats(port, monitorPort, storeDir, options);
    },
    pid: () => child?.pid,
    async reload() {
      if (!child) throw new Error('the private nats-server is not running');
      await reloaded(child);
    },
    async close() {
      if (child) await killed(child);
      child = undefined;
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function spawnNats(
  port: number,
  monitorPort: number | undefined,
  storeDir: string,
  options: PrivateNatsServerOptions,
): Promise<ChildProcess> {
  const store = options.configFile ? ['-c', options.configFile] : ['-js', '-sd', storeDir];
  const monitor = monitorPort ? ['-m', String(monitorPort)] : [];
  const child = spawn('nats-server', [...store, '-a', '127.0.0.1', '-p', String(port), ...monitor], {
    // stderr is its log, read only for the line that tells a reload is done (see reloaded).
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...options.env, NATS_STORE_DIR: storeDir },
  });
  child.stderr?.setEncoding('utf8').on('data', () => {});
  let failure: Error | undefined;
  child.once(
    'error',
    (error) => (failure = new Error(`nats-server could not start (is it on the PATH? see README): ${error.message}`)),
  );
  child.once('exit', (code) => (failure ??= new Error(`nats-server exited with ${code} before accepting connections`)));
  for (const until = Date.now() + 10_000; Date.now() < until; ) {
    if (failure) throw failure;
    if (await accepts(port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server on port ${port} did not accept connections in 10 s`);
}

/** SIGHUP, then waits for the server to log that it read its configuration again (or could not). */
function reloaded(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('nats-server did not log a reload within 10 s')), 10_000);
    const onLog = (text: string) => {
      if (/Reloaded server configuration/.test(text)) done();
      const failed = /Failed to reload server configuration: ?(.*)/.exec(text);
      if (failed) done(new Error(`nats-server refused the reload: ${failed[1]}`));
    };
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stderr?.off('data', onLog);
      if (error) reject(error);
      else resolve();
    };
    child.stderr?.on('data', onLog);
    child.kill('SIGHUP');
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
