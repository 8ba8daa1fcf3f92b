import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase } from '@svom/db/testing';
import { loadTls, runService } from '@svom/service-kit';
import { vhfIngestService } from '../src/service.js';
import { secret } from './helper.js';

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the ingest booted as server.ts boots it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'svom-ingest-server-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('HTTPS with a self-signed pair, migrations and streams at start; a graceful stop closes everything', async () => {
    const database = await createTestDatabase({ migrate: false });
    const nats = await connectTestNats();
    try {
      const config = vhfIngestService.loadConfig({
        DATABASE_URL: database.url,
        NATS_URL: nats.url,
        NATS_PREFIX: nats.prefix,
        PORT: '0',
        DATA_DIR: dataDir,
        JWT_SECRET: secret,
        LOG_LEVEL: 'silent',
      });
      const { app, stop } = await runService({ module: vhfIngestService, config });
      const { port } = app.server.address() as { port: number };
      const { cert } = await loadTls({ dataDir });
      const ready = await get(`https://localhost:${port}/ready`, cert);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body).checks).toEqual({ postgres: 'ok', nats: 'ok' });
      // The service migrated its own database and made its stream.
      expect(
        await database.db
          .selectFrom('vhf.stations' as never)
          .selectAll()
          .execute(),
      ).toEqual([]);
      const jsm = await (await import('@nats-io/jetstream')).jetstreamManager(nats.nc);
      expect((await jsm.streams.info(`${nats.prefix}_VHF`)).config.subjects).toEqual([`${nats.prefix}.svom.vhf.>`]);

      await stop();
      await expect(get(`https://localhost:${port}/health`, cert)).rejects.toThrow();
      expect(app.nats.isClosed()).toBe(true);
    } finally {
      await nats.cleanup();
      await database.close();
    }
  });
});
