import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

/** The repository's `migrations/` folder, found from this file in `src/` or `dist/`. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/**
 * Migrations are plain SQL files named by date (`2026-11-24T0900_vhf.sql`): frozen in time, never
 * importing application code, and the same text runs on PostgreSQL 15 and on PGlite.
 */
export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string = process.env.MIGRATIONS_DIR ?? defaultMigrationsDir) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(`${this.dir}/${file}`, 'utf8');
      migrations[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  }
}

export class MigrationError extends Error {
  override name = 'MigrationError';
  readonly code = 'DB_MIGRATION_FAILED';
  constructor(
    readonly migration: string | undefined,
    options: { cause: unknown },
  ) {
    super(
      `migration ${migration ?? '(unknown)'} failed: ${String((options.cause as Error)?.message ?? options.cause)}`,
      options,
    );
  }
}

/** Runs every pending migration; throws a MigrationError naming the one that failed. */
export async function migrateToLatest(db: Kysely<any>, dir?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider(dir) });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(failed, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
