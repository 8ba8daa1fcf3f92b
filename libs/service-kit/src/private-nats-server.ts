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
}

/**
 * Starts `nats-server` (on the PATH, see the README) with JetStream, on a free port of 127.0.0.1
 * and a temporary store: the machine's shared NATS must never be stopped under other suites.
 */
export async function startPrivateNatsServer(): Promise<PrivateNatsServer> {
  const storeDir = mkdtempSync(join(tmpdir(), 'svom-nats-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnNats(port, storeDir);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async kill() {
      if (child) await killed(child);
      child = undefined;
    },
    async restart() {
      if (child) await killed(child);
      child = await spawnNats(port, storeDir);
    },
    async close() {
      if (child) await killed(child);
      child = undefined;
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function spawnNats(port: number, storeDir: string): Promise<ChildProcess> {
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: 'ignore',
  });
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
