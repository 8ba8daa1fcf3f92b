import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runSimulation } from '../src/simulate/run-simulation.js';
import type { SimulationStats } from '../src/simulate/simulation-stats.js';
import { secret, startIngestServer, type IngestServer } from './ingest-server.js';

describe('svom simulate against a real ingest', () => {
  let server: IngestServer;
  beforeAll(async () => {
    server = await startIngestServer();
  });
  afterAll(async () => server?.close());

  const count = async (table: string, where = 'true') =>
    (await sql.raw<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`).execute(server.database.db))
      .rows[0]!.n;

  it('registers its stations, posts relayed traffic with duplicates and damage, and a burst', async () => {
    const progress: SimulationStats[] = [];
    const stats = await runSimulation({
      url: server.url,
      stations: 4,
      rate: 60,
      seed: 7,
      durationS: 4,
      burstsPerMin: 1,
      damageProbability: 0.1,
      ca: [server.cert],
      jwtSecret: secret,
      onProgress: (s) => progress.push(s),
    });
    expect(stats.stations).toBe(4);
    expect(stats.failedBatches).toBe(0);
    expect(stats.posted).toBeGreaterThan(100);
    expect(stats.accepted).toBeGreaterThan(20);
    expect(stats.duplicate).toBeGreaterThan(10);
    expect(stats.rejected).toBeGreaterThan(0);
    expect(stats.accepted + stats.duplicate + stats.rejected).toBe(stats.posted);
    expect(stats.burstsSent).toBe(1);
    expect(progress.length).toBeGreaterThan(3);
    // What the ingest holds is what the simulator counted.
    expect(await count('vhf.stations')).toBe(4);
    expect(await count('vhf.receptions')).toBe(stats.posted);
    // The burst's first ECLAIRs alert came through within the run.
    expect(await count('vhf.packets', 'apid = 800')).toBeGreaterThan(0);
  });

  it('runs again on the same station ids by rotating their tokens', async () => {
    const stats = await runSimulation({
      url: server.url,
      stations: 4,
      rate: 20,
      seed: 8,
      durationS: 1.5,
      burstsPerMin: 0,
      ca: [server.cert],
      jwtSecret: secret,
    });
    expect(stats.failedBatches).toBe(0);
    expect(stats.posted).toBeGreaterThan(0);
    expect(await count('vhf.stations')).toBe(4);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1200);
    const started = Date.now();
    await runSimulation(
      { url: server.url, stations: 2, rate: 10, burstsPerMin: 0, ca: [server.cert], jwtSecret: secret },
      controller.signal,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails with exit code 3 when nothing listens', async () => {
    await expect(
      runSimulation({ url: 'https://127.0.0.1:1', stations: 1, rate: 1, durationS: 1, jwtSecret: secret }),
    ).rejects.toMatchObject({ exitCode: 3 });
  });
});
