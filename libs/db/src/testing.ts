import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from './database.js';
import { migrateToLatest } from './migrator.js';

/** The server the test suites use; they fail (never skip) when it does not answer. */
export const testServerUrl =
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase<DB = any> extends Database<DB> {
  url: string;
  name: string;
}

/** A fresh, migrated database on the real PostgreSQL server, dropped by `close()`. */
export async function createTestDatabase<DB = any>(options: { migrate?: boolean } = {}): Promise<TestDatabase<DB>> {
  const name = `svom_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${testServerUrl}: start it (see README, .ci/run)`, {
      cause: error,
    });
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase<DB>({ url: url.toString(), poolSize: 20 });
  if (options.migrate !== false) await migrateToLatest(database.db);
  return {
    ...database,
    url: url.toString(),
    name,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: testServerUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** A fresh, migrated embedded PGlite database (what `npm start` runs on), removed by `close()`. */
export async function createPgliteTestDatabase<DB = any>(): Promise<Database<DB>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'svom-test-pglite-'));
  const database = await openDatabase<DB>({ dataDir });
  await migrateToLatest(database.db);
  return {
    ...database,
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
