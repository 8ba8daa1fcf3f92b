import type { Kysely } from 'kysely';
import type { GpTables } from './tables.js';

export interface TleRow {
  id: number;
  name: string;
  line1: string;
  line2: string;
  epoch: string;
  uploadedBy: string;
  uploadedAt: string;
}

export async function insertTle(
  db: Kysely<GpTables>,
  tle: { name: string; line1: string; line2: string; epoch: Date },
  by: string,
): Promise<TleRow> {
  const r = await db
    .insertInto('gp.tle')
    .values({ ...tle, uploaded_by: by })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRow(r);
}

/** The newest uploaded TLE, the orbit in use. */
export async function latestTle(db: Kysely<GpTables>): Promise<TleRow | undefined> {
  const r = await db
    .selectFrom('gp.tle')
    .selectAll()
    .orderBy('uploaded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toRow(r) : undefined;
}

function toRow(r: {
  id: number | string;
  name: string;
  line1: string;
  line2: string;
  epoch: Date;
  uploaded_by: string;
  uploaded_at: Date;
}): TleRow {
  return {
    id: Number(r.id),
    name: r.name,
    line1: r.line1,
    line2: r.line2,
    epoch: new Date(r.epoch).toISOString(),
    uploadedBy: r.uploaded_by,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
  };
}
