// `npm run bench` (ingest part): receptions/s sustained over keep-alive HTTPS from 40 stations,
// and POST→reply latency at 1,000 receptions/s, each beside this machine's raw limits.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase } from '@svom/db/testing';
import { loadTls, mintPersonToken } from '@svom/service-kit';
import { jetStreamPublishCeiling, postgresInsertCeiling } from './ceilings.js';
import { httpsClient } from './https-client.js';
import { benchTraffic } from './traffic.js';

const THROUGHPUT_S = Number(process.env.BENCH_SECONDS ?? 20);
const LATENCY_S = 10;
const STATIONS = 40;
const secret = 'bench-secret-'.padEnd(40, 'x');

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const database = await createTestDatabase();
const nats = await connectTestNats();
const dataDir = mkdtempSync(join(tmpdir(), 'svom-bench-'));
const tls = await loadTls({ dataDir });
const port = await freePort();
const server = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
    fileURLToPath(new URL('../dist/server.js', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      NATS_PREFIX: nats.prefix,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      JWT_SECRET: secret,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const base = `https://127.0.0.1:${port}`;
const client = httpsClient(base, tls.cert);

try {
  for (let i = 0; ; i++) {
    const ok = await fetchReady();
    if (ok) break;
    if (i > 100) throw new Error('the ingest service did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(
    `vhf-ingest benchmark — ${new Date().toISOString()}, ${process.versions.node}, ${(await import('node:os')).cpus().length} cores`,
  );
  console.log('generating relayed traffic…');
  const traffic = benchTraffic({ packets: 120_000, stations: STATIONS, batchSize: 50 });
  const slow = benchTraffic({ packets: 6_000, stations: STATIONS, batchSize: 5, seed: 7 });
  const tokens = new Map<string, string>();
  const operator = mintPersonToken(secret, 'bench', ['operator']);
  for (const id of traffic.stations) {
    const res = await client.post('/v1/stations', { id, name: id, latitudeDeg: 0, longitudeDeg: 0 }, operator);
    tokens.set(id, JSON.parse(res.body).token);
  }

  // Serialised ahead, so the clients' CPU (on the same 2 cores) goes to the sockets.
  const bodies = traffic.batches.map((b) => JSON.stringify({ receptions: b.receptions }));

  // 1. Sustained throughput: as many batches in flight as the stations' links allow.
  let receptions = 0;
  let accepted = 0;
  let next = 0;
  const until = performance.now() + THROUGHPUT_S * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < until && next < traffic.batches.length) {
      const batch = traffic.batches[next++]!;
      const res = await client.post('/v1/receptions', bodies[next - 1]!, tokens.get(batch.stationId)!);
      if (res.status !== 200) throw new Error(`POST answered ${res.status}: ${res.body.slice(0, 200)}`);
      receptions += batch.receptions.length;
      for (const r of JSON.parse(res.body).results) if (r.status === 'accepted') accepted++;
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  if (next >= traffic.batches.length) console.log('(the traffic ran out before the time: raise its size)');

  // 2. Latency at 1,000 receptions/s: 40 stations each posting 5 receptions every 200 ms.
  const latencies: number[] = [];
  const paced = slow.batches;
  const intervalMs = 1000 / (1000 / 5);
  const inflight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < paced.length && performance.now() - t0 < LATENCY_S * 1000; i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const batch = paced[i]!;
    const sent = performance.now();
    inflight.push(
      client.post('/v1/receptions', { receptions: batch.receptions }, tokens.get(batch.stationId)!).then((res) => {
        if (res.status !== 200) throw new Error(`POST answered ${res.status}`);
        latencies.push(performance.now() - sent);
      }),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);

  // 3. The machine's raw limits, now, in the same run.
  const jsCeiling = await jetStreamPublishCeiling(nats.url);
  const pgCeiling = await postgresInsertCeiling(database.url);

  const recPerS = receptions / elapsedS;
  const pktPerS = accepted / elapsedS;
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  console.log('');
  console.log(
    `receptions/s sustained   ${fmt(recPerS).padStart(8)}   (${THROUGHPUT_S} s, ${STATIONS} stations, ~3 copies a packet, batches of 50)`,
  );
  console.log(
    `packets/s sustained      ${fmt(pktPerS).padStart(8)}   = ${(pktPerS / jsCeiling).toFixed(2)} × JetStream publish ceiling (${fmt(jsCeiling)}/s, 256 acks in flight)`,
  );
  console.log(
    `reception rows/s         ${fmt(recPerS).padStart(8)}   = ${(recPerS / pgCeiling).toFixed(2)} × PostgreSQL 1000-row insert ceiling (${fmt(pgCeiling)} rows/s)`,
  );
  console.log(
    `latency at 1,000/s       p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms   (POST → 200, ${latencies.length} requests of 5)`,
  );
  console.log(
    `goals                    ≥ 10,000 receptions/s: ${recPerS >= 10_000 ? 'met' : 'NOT met'}; p99 ≤ 20 ms at 1,000/s: ${percentile(latencies, 99) <= 20 ? 'met' : 'NOT met'}`,
  );
} finally {
  client.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await nats.cleanup();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function fetchReady(): Promise<boolean> {
  const { request } = await import('node:https');
  return new Promise((resolve) => {
    const req = request(`${base}/ready`, { ca: tls.cert }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}
