import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlitePool } from './pglite-pool.js';

/** A Kysely handle and what it runs on; `close()` ends the pool or the embedded database. */
export interface Database<DB = any> {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  /** Where it points, with any password hidden: for logs. */
  description: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://...`; when absent an embedded PGlite under `dataDir` is used. */
  url?: string | undefined;
  /** Folder of the embedded database (default `./data/pglite`). */
  dataDir?: string;
  /** Connections in the pg pool (default 10). */
  poolSize?: number;
}

// int8 (counts, bigserial ids) as JS numbers on both drivers: our ids stay far below 2^53, and a
// count that is a string on one driver and a number on the other is a bug waiting to happen.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));

/** Opens PostgreSQL when a URL is given, else the embedded PGlite (the `npm start` default). */
export async function openDatabase<DB = any>(options: DatabaseOptions = {}): Promise<Database<DB>> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client losing its server must not crash the process: the next query reports it.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', description: redact(options.url), close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? './data/pglite';
  mkdirSync(dataDir, { recursive: true });
  const { PGlite, types } = await import('@electric-sql/pglite');
  const lite = await PGlite.create(dataDir, { parsers: { [types.INT8]: (value: string) => Number(value) } });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PGlitePool(lite) }) });
  return { db, kind: 'pglite', description: `pglite:${dataDir}`, close: () => db.destroy() };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}
