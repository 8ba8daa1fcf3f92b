import { sql, type Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';

/** Counts by one label value, e.g. rows by status: `[{ key: 'active', n: 3 }]`. */
export type LabelledCounts = Array<{ key: string; n: number }>;

/**
 * A gauge read when Prometheus scrapes (rows by status in the database, a pending count): the
 * services count nothing on their hot paths. A count that cannot be read (the database away)
 * leaves the gauge empty, or at -1 without a label, rather than failing the whole scrape.
 */
export function scrapeGauge(
  registry: Registry,
  options: { name: string; help: string; read: () => Promise<number> },
): Gauge;
export function scrapeGauge(
  registry: Registry,
  options: { name: string; help: string; label: string; read: () => Promise<LabelledCounts> },
): Gauge;
export function scrapeGauge(
  registry: Registry,
  options: { name: string; help: string; label?: string; read: () => Promise<number | LabelledCounts> },
): Gauge {
  const { name, help, label, read } = options;
  return new Gauge({
    name,
    help,
    labelNames: label ? [label] : [],
    registers: [registry],
    async collect() {
      const counts = await read().catch(() => undefined);
      if (label === undefined) return void this.set(typeof counts === 'number' ? counts : -1);
      this.reset();
      for (const { key, n } of Array.isArray(counts) ? counts : []) this.set({ [label]: key }, n);
    },
  });
}

/** Rows of `table` counted by the values of `column`: what a labelled {@link scrapeGauge} reads. */
export function countRowsBy(db: Kysely<any>, table: string, column: string): () => Promise<LabelledCounts> {
  return async () =>
    (
      await sql<{
        key: string;
        n: number;
      }>`select ${sql.ref(column)}::text as key, count(*)::int as n from ${sql.table(table)} group by 1`.execute(db)
    ).rows;
}
