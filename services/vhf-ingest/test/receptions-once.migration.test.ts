import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultMigrationsDir, migrateToLatest, openDatabase, type Database } from '@svom/db';
import { createTestDatabase } from '@svom/db/testing';

// migrations/2026-12-04T2015_receptions-once.sql meets a reception log that already holds the
// copies re-posted batches left (issue 10): it must keep one of each, the first, and then refuse
// another copy. On the real server and on PGlite, as every migration.
const MIGRATION = '2026-12-04T2015_receptions-once';

/** The migrations folder as it was before this one. */
function migrationsBefore(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'svom-migrations-'));
  for (const file of readdirSync(defaultMigrationsDir))
    if (file.endsWith('.sql') && file < `${MIGRATION}.sql`)
      copyFileSync(join(defaultMigrationsDir, file), join(dir, file));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const engines: Array<[string, () => Promise<Database & { cleanup?: () => void }>]> = [
  ['postgres', () => createTestDatabase({ migrate: false })],
  [
    'pglite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'svom-pglite-'));
      const database = await openDatabase({ dataDir: dir });
      return { ...database, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];

describe.each(engines)('%s: receptions stored twice before the migration', (_kind, open) => {
  let database: (Database & { cleanup?: () => void }) | undefined;
  const before = migrationsBefore();
  afterAll(async () => {
    await database?.close();
    database?.cleanup?.();
    before.cleanup();
  });

  test('keeps the first of each copy, then refuses another', async () => {
    database = await open();
    const { db } = database;
    await migrateToLatest(db, before.dir);
    // id, station, received_at, frame, status: the same reception three times (the first
    // accepted, its re-posts logged as duplicates), a rejected one twice with an unreadable time,
    // and what only looks alike: another frame at that instant, that frame at another instant,
    // another station.
    const rows: Array<[string, string | null, string, string]> = [
      ['ST1', '2026-02-11T19:24:33.105Z', 'aa01', 'accepted'],
      ['ST1', '2026-02-11T19:24:33.105Z', 'aa01', 'duplicate'],
      ['ST1', null, 'ff00', 'rejected'],
      ['ST1', '2026-02-11T19:24:33.105Z', 'aa01', 'duplicate'],
      ['ST1', null, 'ff00', 'rejected'],
      ['ST1', '2026-02-11T19:24:33.105Z', 'aa02', 'accepted'],
      ['ST1', '2026-02-11T19:24:34.105Z', 'aa01', 'duplicate'],
      ['ST2', '2026-02-11T19:24:33.105Z', 'aa01', 'duplicate'],
    ];
    for (const [station, at, frame, status] of rows)
      await sql`insert into vhf.receptions (station_id, received_at, frame, status, packet_key, error_code)
                values (${station}, ${at}::timestamptz, decode(${frame}, 'hex'), ${status},
                        ${status === 'rejected' ? null : `key-${frame}`}, ${status === 'rejected' ? 'CRC_MISMATCH' : null})`.execute(
        db,
      );

    expect(await migrateToLatest(db)).toContain(MIGRATION);

    const { rows: kept } = await sql<{ id: number; status: string }>`
      select id, status from vhf.receptions order by id`.execute(db);
    expect(kept).toEqual([
      { id: 1, status: 'accepted' },
      { id: 3, status: 'rejected' },
      { id: 6, status: 'accepted' },
      { id: 7, status: 'duplicate' },
      { id: 8, status: 'duplicate' },
    ]);
    await expect(
      sql`insert into vhf.receptions (station_id, received_at, frame, status)
          values ('ST1', '2026-02-11T21:24:33.105+02:00', '\\xaa01'::bytea, 'duplicate')`.execute(db),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      sql`insert into vhf.receptions (station_id, received_at, frame, status)
          values ('ST1', null, '\\xff00'::bytea, 'rejected')`.execute(db),
    ).rejects.toMatchObject({ code: '23505' });
  }, 60_000);
});
