import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '@svom/db';
import { createTestDatabase } from '@svom/db/testing';

// The same migrations and queries must pass on the real server and on embedded PGlite.
const engines: Array<[string, () => Promise<Database & { cleanup?: () => void }>]> = [
  ['postgres', () => createTestDatabase()],
  [
    'pglite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'svom-pglite-'));
      const database = await openDatabase({ dataDir: dir });
      await migrateToLatest(database.db);
      return { ...database, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];

describe.each(engines)('%s', (_kind, open) => {
  let database: Database & { cleanup?: () => void };
  beforeAll(async () => {
    database = await open();
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    database?.cleanup?.();
  });

  test('migrations create the vhf schema and are idempotent', async () => {
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'vhf' order by 1`.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(['messages', 'outbox', 'packets', 'receptions', 'stations']);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  test('int8 counts come back as numbers on both drivers', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from vhf.stations`.execute(database.db);
    expect(rows[0]?.n).toBe(0);
  });

  test('a rolled-back transaction leaves nothing while another commits', async () => {
    const insert = (id: string) =>
      sql`insert into vhf.stations (id, name, latitude_deg, longitude_deg, token_hash) values (${id}, ${id}, 0, 0, ${'h' + id})`;
    const failing = database.db.transaction().execute(async (trx) => {
      await insert('RB1').execute(trx);
      throw new Error('boom');
    });
    const passing = database.db.transaction().execute(async (trx) => {
      await insert('OK1').execute(trx);
    });
    await expect(failing).rejects.toThrow('boom');
    await passing;
    const { rows } = await sql<{ id: string }>`select id from vhf.stations order by id`.execute(database.db);
    expect(rows.map((r) => r.id)).toEqual(['OK1']);
  });
});
