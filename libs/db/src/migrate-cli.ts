#!/usr/bin/env node
// `npm run migrate`: the one script that migrates, in dev, tests and deploy alike.
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrator.js';

const database = await openDatabase({
  url: process.env.DATABASE_URL,
  dataDir: `${process.env.DATA_DIR ?? './data'}/pglite`,
});
try {
  const applied = await migrateToLatest(database.db);
  console.log(
    applied.length
      ? `migrated ${database.description}: ${applied.join(', ')}`
      : `${database.description} is up to date`,
  );
} catch (error) {
  console.error(String((error as Error).message));
  process.exitCode = 1;
} finally {
  await database.close();
}
