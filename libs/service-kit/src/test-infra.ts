import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureStreams, streamName, type StreamName } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import type { Database } from '@svom/db';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import type { InfraOptions } from './plugins/infra.plugin.js';

/** What a suite builds its apps around, and how it gives it back. */
export interface TestInfra<D extends Database = TestDatabase> {
  /** The `infra` option of every service app. */
  infra: InfraOptions;
  database: D;
  nc: NatsConnection;
  jsm: JetStreamManager;
  prefix: string;
  /** Deletes this suite's streams, closes the connection and the database (the apps first). */
  close(): Promise<void>;
}

/**
 * A fresh database and this suite's own streams (a random prefix) on the machine's real
 * PostgreSQL and NATS. `natsUrl` connects to another server instead (a private nats-server the
 * suite kills and restarts), reconnecting for ever as a service does; `database` replaces the
 * fresh PostgreSQL database (PGlite).
 */
export async function startTestInfra<D extends Database = TestDatabase>(
  streams: readonly StreamName[],
  options: { natsUrl?: string; database?: D } = {},
): Promise<TestInfra<D>> {
  const database = options.database ?? ((await createTestDatabase()) as unknown as D);
  const t = await connectTestNats();
  let nc = t.nc;
  if (options.natsUrl) {
    await t.nc.drain();
    nc = await connect({ servers: options.natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
  }
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, { prefix: t.prefix }, streams);
  return {
    infra: { database, nats: { nc, js: jetstream(nc, { timeout: 2000 }), jsm, prefix: t.prefix } },
    database,
    nc,
    jsm,
    prefix: t.prefix,
    async close() {
      if (!nc.isClosed()) {
        for (const name of streams) await jsm.streams.delete(streamName(name, t.prefix)).catch(() => false);
        await nc.drain().catch(() => {});
      }
      await database.close();
    },
  };
}
