export { openDatabase } from './database.js';
export type { Database, DatabaseOptions } from './database.js';
export { migrateToLatest, MigrationError, SqlFileMigrationProvider, defaultMigrationsDir } from './migrator.js';
export { PGlitePool } from './pglite-pool.js';
