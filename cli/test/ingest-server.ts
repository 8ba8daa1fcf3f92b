import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ensureStreams, streamName } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { loadTls } from '@svom/service-kit';
import { settingsWith } from '@svom/service-kit/testing';
import { buildIngestApp, IngestConfig, type IngestApp } from '@svom/vhf-ingest';

export const secret = 'cli-test-secret-'.padEnd(40, 'x');

export interface IngestServer {
  url: string;
  app: IngestApp;
  database: TestDatabase;
  /** A DATA_DIR holding the server's self-signed pair (tls/localhost.crt), as `npm start` makes it. */
  dataDir: string;
  cert: string;
  close(): Promise<void>;
}

/**
 * A real ingest service on an ephemeral HTTPS port: a fresh database on the machine's
 * PostgreSQL, its own streams on the machine's NATS, a self-signed pair in a temp DATA_DIR.
 */
export async function startIngestServer(): Promise<IngestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'svom-cli-'));
  const tls = await loadTls({ dataDir });
  const database = await createTestDatabase();
  const t = await connectTestNats();
  const jsm = await jetstreamManager(t.nc);
  await ensureStreams(jsm, { prefix: t.prefix }, ['VHF']);
  const app = await buildIngestApp({
    jwtSecret: secret,
    logger: false,
    https: { cert: tls.cert, key: tls.key },
    infra: { database, nats: { nc: t.nc, js: jetstream(t.nc, { timeout: 2000 }), jsm, prefix: t.prefix } },
    settings: settingsWith(IngestConfig, {
      OUTBOX_RETRY_MS: 200,
    }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    app,
    database,
    dataDir,
    cert: tls.cert,
    async close() {
      await app.close();
      await jsm.streams.delete(streamName('VHF', t.prefix)).catch(() => false);
      await t.nc.drain().catch(() => {});
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
