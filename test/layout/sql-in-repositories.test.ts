import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

// docs/architecture.md (Layout): the SQL of a service lives in services/<name>/src/db/, in
// repository functions taking the database or a transaction; services, routes and consumers call
// them by name. This test reads the sources and names every file that breaks the rule.

const root = new URL('../../', import.meta.url).pathname;

/** Files outside a service's db/ that may run SQL, each with why. Nothing else may. */
const ALLOWED: Record<string, string> = {
  'libs/service-kit/src/outbox.table.ts':
    "the kit's outbox repository: the publisher's statements over each service's outbox table",
  'libs/service-kit/src/dead-letter.table.ts':
    "the kit's dead-letter repository: the durable consumer's statements over each service's dead-letter table",
  'libs/service-kit/src/scrape-gauge.ts': "countRowsBy: the kit's count of any table's rows by a column, for /metrics",
  'libs/service-kit/src/plugins/infra.plugin.ts': 'the `select 1` of the /ready check, on no table',
};
/** Folders whose every file may run SQL: the database library (migrator, test databases). */
const ALLOWED_DIRS = ['libs/db/src/'];

// Query-builder entry points, the `sql` tag and its helpers, raw SQL strings given to a driver.
const SQL_PATTERNS = [
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|executeQuery)\(/,
  /(?<![\w$.])sql\s*(<|`)/,
  /(?<![\w$.])sql\.(raw|ref|lit|join|id|table|val)\(/,
  /\.query\(\s*[`'"]\s*(select|insert|update|delete|with|create|drop|alter)\b/i,
];

/** Lines of `source` that run SQL (1-based), comments left out. */
function sqlLines(source: string): number[] {
  const lines: number[] = [];
  let inBlockComment = false;
  source.split('\n').forEach((line, i) => {
    let code = line;
    if (inBlockComment) {
      const end = code.indexOf('*/');
      if (end < 0) return;
      code = code.slice(end + 2);
      inBlockComment = false;
    }
    code = code.replace(/\/\*.*?\*\//g, '');
    const open = code.indexOf('/*');
    if (open >= 0) {
      inBlockComment = true;
      code = code.slice(0, open);
    }
    code = code.replace(/(^|\s)\/\/.*$/, '');
    if (SQL_PATTERNS.some((p) => p.test(code))) lines.push(i + 1);
  });
  return lines;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const packagesUnder = (folder: string) =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${folder}/${e.name}/src`);

/** Every source file of the services, libraries and CLI, relative to the repository root. */
const files = [...packagesUnder('services'), ...packagesUnder('libs'), 'cli/src']
  .flatMap((dir) => sourceFiles(join(root, dir)))
  .map((path) => relative(root, path));

const inServiceDb = (file: string) => /^services\/[^/]+\/src\/db\//.test(file);
const allowed = (file: string) => inServiceDb(file) || file in ALLOWED || ALLOWED_DIRS.some((d) => file.startsWith(d));
const sqlOf = (file: string) => sqlLines(readFileSync(join(root, file), 'utf8'));

describe('SQL lives in repositories (docs/architecture.md, Layout)', () => {
  test('the scan recognises SQL, and not what a comment says of it', () => {
    expect(sqlLines("const rows = await db.selectFrom('vhf.packets').selectAll().execute();")).toEqual([1]);
    expect(sqlLines("await trx\n  .insertInto('followup.notices')")).toEqual([2]);
    expect(sqlLines('const t = sql<Date>`now()`;\nawait sql`select 1`.execute(db);')).toEqual([1, 2]);
    expect(sqlLines("await client.query('create database x')")).toEqual([1]);
    expect(sqlLines('// we used to call db.selectFrom( here\n/* sql`x`\n .updateTable( */ const a = 1;')).toEqual([]);
    expect(sqlLines("const file = '2026-11-24T0900_vhf.sql`'; request.query.limit;")).toEqual([]);
  });

  test('the scan sees the repositories (it reads the sources it should)', () => {
    const repositories = files.filter((f) => inServiceDb(f) && sqlOf(f).length > 0);
    expect(repositories.length).toBeGreaterThan(20);
    expect(repositories).toContain('services/vhf-ingest/src/db/reception.repository.ts');
  });

  test('no service, library or CLI file outside a repository runs SQL', () => {
    const offenders = files
      .filter((f) => !allowed(f))
      .flatMap((f) => {
        const lines = sqlOf(f);
        return lines.length ? [`${f}:${lines.join(',')}`] : [];
      });
    expect(
      offenders,
      'move these queries into a repository function in services/<name>/src/db/<thing>.repository.ts',
    ).toEqual([]);
  });

  test('repositories are in db/, named <thing>.repository.ts', () => {
    const misplaced = files.filter((f) => f.startsWith('services/') && f.endsWith('.repository.ts') && !inServiceDb(f));
    expect(misplaced, 'repositories belong in services/<name>/src/db/').toEqual([]);
    const dbFiles = files.filter((f) => inServiceDb(f) && !/\/db\/(tables|[a-z-]+\.repository)\.ts$/.test(f));
    expect(dbFiles, 'a db/ folder holds tables.ts and <thing>.repository.ts files').toEqual([]);
  });

  test('each allowed file still exists and still runs SQL (a stale allowance is removed)', () => {
    for (const file of Object.keys(ALLOWED)) expect(sqlOf(file).length, file).toBeGreaterThan(0);
  });
});
