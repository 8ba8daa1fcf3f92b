/**
 * The alerts service under test in its own process, as it runs in production:
 * `node services/alerts/dist/server.js` with a fresh test database, its own NATS prefix and free
 * ports, so the benchmark's load (authors, subscriber) does not share its event loop.
 * Needs `turbo run build --filter=@svom/alerts...` first (it runs dist/, not src/).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase } from '@svom/db/testing';
import { loadTls } from '@svom/service-kit';
import { sql } from 'kysely';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** utime + stime of a process and all its threads (the XSD workers), in ms; Linux /proc. */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // fields 14 and 15, USER_HZ = 100
}

/** Busy and total ms of all cores since boot (/proc/stat), to tell the machine's idle share. */
export function machineCpuMs(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}

/**
 * Starts the service; with `nats`, on the caller's NATS prefix (so packets the caller's ingest
 * publishes reach it), whose streams the caller then cleans up.
 */
export async function spawnAlertsService(options: { jwtSecret: string; nats?: { url: string; prefix: string } }) {
  const database = await createTestDatabase();
  const nats = options.nats ?? (await connectTestNats());
  const dataDir = mkdtempSync(join(tmpdir(), 'svom-alerts-bench-'));
  const tls = await loadTls({ dataDir }); // written under DATA_DIR: the child reuses it
  const [port, subscribers, authors] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
      // BENCH_ALERTS_SERVER: another build's dist/server.js (a worktree of an earlier commit), to
      // compare two builds with the same bench on the same machine, runs interleaved.
      process.env.BENCH_ALERTS_SERVER ?? fileURLToPath(new URL('../dist/server.js', import.meta.url)),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        NATS_PREFIX: nats.prefix,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        JWT_SECRET: options.jwtSecret,
        PORT: String(port),
        VTP_HOST: '127.0.0.1',
        VTP_SUBSCRIBER_PORT: String(subscribers),
        VTP_AUTHOR_PORT: String(authors),
        VTP_SUBSCRIBERS: '',
        VTP_AUTHORS: '',
        VTP_IVORN: 'ivo://org.svom/fsc/bench',
        // Every bench peer is 127.0.0.1: the per-address caps and the author rate are for strangers.
        VTP_MAX_SUBSCRIBERS_PER_ADDRESS: '1024',
        VTP_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS: '256',
        VTP_AUTHOR_RATE_PER_S: '0',
        OUTBOX_RETRY_MS: '500',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = () =>
    new Promise<boolean>((resolve) => {
      const req = request(`https://127.0.0.1:${port}/ready`, { ca: tls.cert }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
  for (let i = 0; !(await ready()); i++) {
    if (i > 150 || child.exitCode !== null)
      throw new Error('the alerts service did not become ready (built? turbo run build --filter=@svom/alerts...)');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    ports: { subscribers, authors },
    /** Rows the outbox still holds (JetStream did not acknowledge them yet). */
    async outboxLeft(): Promise<number> {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from alerts.outbox`.execute(database.db);
      return rows[0]?.n ?? NaN;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      if (!options.nats) await (nats as Awaited<ReturnType<typeof connectTestNats>>).cleanup();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
