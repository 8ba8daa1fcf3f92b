import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { buildAlertsApp, type AlertsApp } from '@svom/alerts';
import { ensureStreams, streamName } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { openDatabase, type Database } from '@svom/db';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { loadTls } from '@svom/service-kit';
import { settingsWith } from '@svom/service-kit/testing';
import { buildIngestApp, IngestConfig, type IngestApp } from '@svom/vhf-ingest';
import { settings as alertsTestSettings } from '../../services/alerts/test/helper.js';
import { runSimulation } from '../src/simulate/run-simulation.js';
import { runSvom, svomBin } from './run-svom.js';
import { secret } from './ingest-server.js';

/**
 * The whole path on real ports: `svom simulate` → ingest → alerts → `svom listen` (SSE and VTP)
 * and `svom bursts`/`svom burst` from the alerts REST API.
 */
describe('simulate → ingest → alerts → listen, bursts', () => {
  let database: TestDatabase;
  let alertsDatabase: Database;
  let ingest: IngestApp;
  let alerts: AlertsApp;
  let dataDir: string;
  let cert: string;
  let cleanupNats: () => Promise<void>;
  const urls = { ingest: '', alerts: '', vtp: '' };
  const env = () => ({ DATA_DIR: dataDir, JWT_SECRET: secret, NO_COLOR: '1' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'svom-e2e-'));
    const tls = await loadTls({ dataDir });
    cert = tls.cert;
    database = await createTestDatabase();
    const t = await connectTestNats();
    const jsm = await jetstreamManager(t.nc);
    await ensureStreams(jsm, { prefix: t.prefix }, ['VHF', 'ALERTS']);
    alertsDatabase = await openDatabase({ url: database.url, poolSize: 10 });
    const infra = { database, nats: { nc: t.nc, js: jetstream(t.nc, { timeout: 2000 }), jsm, prefix: t.prefix } };
    const https = { cert: tls.cert, key: tls.key };
    ingest = await buildIngestApp({
      jwtSecret: secret,
      logger: false,
      https,
      infra,
      settings: settingsWith(IngestConfig, {
        OUTBOX_RETRY_MS: 200,
      }),
    });
    // Ready before the alerts app is built on the same infra, as the alerts suite's harness does.
    await ingest.listen({ port: 0, host: '127.0.0.1' });
    alerts = await buildAlertsApp({
      jwtSecret: secret,
      logger: false,
      https,
      // Its own pool, as in production where each service is its own process.
      infra: { ...infra, database: alertsDatabase },
      // The alerts suite's settings: VTP on loopback and free ports, short redelivery and outbox waits.
      settings: alertsTestSettings,
    });
    await alerts.listen({ port: 0, host: '127.0.0.1' });
    ingest.runtime.start();
    await alerts.runtime.start();
    const port = (app: { server: { address(): unknown } }) => (app.server.address() as { port: number }).port;
    urls.ingest = `https://127.0.0.1:${port(ingest)}`;
    urls.alerts = `https://127.0.0.1:${port(alerts)}`;
    urls.vtp = `127.0.0.1:${alerts.runtime.vtp.ports.subscribers}`;
    cleanupNats = async () => {
      for (const name of ['VHF', 'ALERTS'] as const)
        await jsm.streams.delete(streamName(name, t.prefix)).catch(() => false);
      await t.nc.drain().catch(() => {});
    };
  }, 60_000);

  afterAll(async () => {
    await alerts?.close();
    await ingest?.close();
    await alertsDatabase?.close();
    await cleanupNats?.();
    await database?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function listen(args: string[]) {
    const child = spawn(process.execPath, [svomBin, 'listen', ...args], { env: { ...process.env, ...env() } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    return { child, out: () => stdout, err: () => stderr, exited };
  }

  const until = async (
    check: () => boolean | Promise<boolean>,
    what: string | (() => string | Promise<string>),
    timeoutMs = 30_000,
  ) => {
    for (const end = Date.now() + timeoutMs; !(await check()); await new Promise((r) => setTimeout(r, 200)))
      if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
  };

  it('a simulated burst becomes notices that listen prints, and a burst that bursts and burst show', async () => {
    const sse = listen(['--sse', `${urls.alerts}/v1/stream`, '--json']);
    const vtp = listen(['--vtp', urls.vtp]);
    try {
      await until(() => sse.err().includes('connected') && vtp.err().includes('connected'), 'both listeners');
      const stats = await runSimulation({
        url: urls.ingest,
        stations: 4,
        rate: 20,
        seed: 11,
        durationS: 6,
        burstsPerMin: 1,
        ca: [cert],
        jwtSecret: secret,
      });
      // A batch the ingest is slow to answer is posted again (counted in failedBatches), so
      // only the figures that matter here are asserted.
      expect(stats.accepted, stats.lastError).toBeGreaterThan(0);
      expect(stats.burstsSent).toBeGreaterThanOrEqual(1);

      await until(
        () => sse.out().includes('\n') && vtp.out().includes('\n'),
        async () =>
          `notices on both listeners (sse: ${sse.err()} ${sse.out()}; vtp: ${vtp.err()} ${vtp.out()}; in the database: ${JSON.stringify((await sql`select (select count(*) from alerts.bursts) as bursts, (select count(*) from alerts.notices) as notices, (select count(*) from vhf.packets where apid = 800) as eclairs`.execute(database.db)).rows)})`,
      );
      const first = JSON.parse(sse.out().split('\n')[0]!);
      const burstId: string = first.id[0];
      expect(burstId).toMatch(/^sb\d{8}$/);
      expect(vtp.out()).toContain(burstId);

      const list = await runSvom(['bursts', '--url', urls.alerts, '--json'], { env: env() });
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout).map((b: { burstId: string }) => b.burstId)).toContain(burstId);
      const table = await runSvom(['bursts', '--url', urls.alerts], { env: env() });
      // The header, then a row per burst, newest first: the simulation may have made a second
      // burst by now (a loaded machine), so the first one's row is not always the top one.
      expect(table.stdout).toMatch(/^BURST\s+T0 \(UTC\)\s+STATUS[^\n]*\n/);
      expect(table.stdout).toMatch(new RegExp(`\\n${burstId}\\s+\\d{4}-`));
      const one = await runSvom(['burst', burstId, '--url', urls.alerts], { env: env() });
      expect(one.code, one.stderr).toBe(0);
      expect(one.stdout).toMatch(new RegExp(`^${burstId}  active\\nT0 `));
      expect(one.stdout).toMatch(/notices \(\d+\)\nISSUED \(UTC\)\s+NAME/);
      expect((await runSvom(['burst', 'sb99010199', '--url', urls.alerts], { env: env() })).code).toBe(1);
    } finally {
      sse.child.kill('SIGINT');
      vtp.child.kill('SIGINT');
      expect(await sse.exited, sse.err()).toBe(0);
      expect(await vtp.exited, vtp.err()).toBe(0);
    }
  }, 90_000);
});
