import { sql, type Kysely } from 'kysely';
import type { NotifyTables } from './tables.js';

// The watchdog reads every service's outbox and dead-letter tables, found by name in the
// catalogue: they are not notify's own tables, hence the `sql` tag rather than the typed builder.
type Db = Kysely<NotifyTables>;

/** The schemas that have a table of this name (`outbox`, `dead_letters`), in name order. */
export async function schemasWithTable(db: Db, table: string): Promise<string[]> {
  const { rows } = await sql<{ schema: string }>`
    select table_schema as schema from information_schema.tables
    where table_name = ${table} and table_schema not in ('pg_catalog', 'information_schema')
    order by table_schema`.execute(db);
  return rows.map((r) => r.schema);
}

/** A table's timestamp column, `created_at` when it has one, else its first. */
export async function timestampColumn(db: Db, schema: string, table: string): Promise<string | undefined> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = ${schema} and table_name = ${table} and data_type = 'timestamp with time zone'
    order by (column_name = 'created_at') desc, ordinal_position`.execute(db);
  return rows[0]?.name;
}

/** The dead letters of a schema in the last `withinS` seconds: how many, the last one's time, the latest reason. */
export async function recentDeadLetters(db: Db, schema: string, timestampColumn: string, withinS: number) {
  const table = sql.table(`${schema}.dead_letters`);
  const { rows } = await sql<{ n: number; last: Date | null; reason: string | null }>`
    select count(*)::int as n, max(${sql.ref(timestampColumn)}) as last,
           (select reason from ${table} order by id desc limit 1) as reason
    from ${table}
    where ${sql.ref(timestampColumn)} > now() - make_interval(secs => ${withinS})`.execute(db);
  return rows[0];
}

/** How many messages wait in a schema's outbox, and since when the oldest. */
export async function outboxBacklog(db: Db, schema: string) {
  const { rows } = await sql<{ n: number; oldest: Date | null }>`
    select count(*)::int as n, min(created_at) as oldest from ${sql.table(`${schema}.outbox`)}`.execute(db);
  return rows[0];
}
