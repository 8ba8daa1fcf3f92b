import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { KIND_PRIORITY, type Instrument, type PlanRequest, type RequestKind } from '../planner/types.js';
import type { GpTables } from './tables.js';

export interface NewRequest {
  kind: RequestKind;
  title: string;
  raDeg: number;
  decDeg: number;
  exposureS: number;
  minSliceS: number;
  earliest: string;
  latest: string;
  cadenceS?: number | undefined;
  instruments: Instrument[];
}

export interface RequestRow extends NewRequest {
  id: string;
  priority: number;
  cadenceS: number | undefined;
  status: 'submitted' | 'accepted' | 'rejected' | 'withdrawn';
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

type Row = GpTables['gp.requests'] extends infer T ? { [K in keyof T]: unknown } : never;

function toRequest(r: Row): RequestRow {
  const iso = (d: unknown) => new Date(d as Date).toISOString();
  return {
    id: r.id as string,
    kind: r.kind as RequestKind,
    priority: Number(r.priority),
    title: r.title as string,
    raDeg: r.ra_deg as number,
    decDeg: r.dec_deg as number,
    exposureS: r.exposure_s as number,
    minSliceS: r.min_slice_s as number,
    earliest: iso(r.earliest_at),
    latest: iso(r.latest_at),
    cadenceS: r.cadence_s === null ? undefined : (r.cadence_s as number),
    instruments: r.instruments as Instrument[],
    status: r.status as RequestRow['status'],
    submittedBy: r.submitted_by as string,
    submittedAt: iso(r.submitted_at),
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedAt: r.decided_at ? iso(r.decided_at) : null,
  };
}

export async function insertRequest(db: Kysely<GpTables>, request: NewRequest, by: string): Promise<RequestRow> {
  const row = await db
    .insertInto('gp.requests')
    .values({
      id: `rq-${randomUUID()}`,
      kind: request.kind,
      priority: KIND_PRIORITY[request.kind],
      title: request.title,
      ra_deg: request.raDeg,
      dec_deg: request.decDeg,
      exposure_s: request.exposureS,
      min_slice_s: request.minSliceS,
      earliest_at: request.earliest,
      latest_at: request.latest,
      cadence_s: request.cadenceS ?? null,
      instruments: request.instruments,
      submitted_by: by,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

export async function getRequest(db: Kysely<GpTables>, id: string): Promise<RequestRow | undefined> {
  const row = await db.selectFrom('gp.requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

export async function listRequests(
  db: Kysely<GpTables>,
  filter: { status?: string | undefined; limit: number },
): Promise<RequestRow[]> {
  let q = db.selectFrom('gp.requests').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  return (await q.orderBy('priority', 'desc').orderBy('submitted_at').limit(filter.limit).execute()).map(toRequest);
}

/** Accepts or rejects a submitted request; undefined when it is not (or no longer) submitted. */
export async function decideRequest(
  db: Kysely<GpTables>,
  id: string,
  status: 'accepted' | 'rejected',
  by: string,
): Promise<RequestRow | undefined> {
  const row = await db
    .updateTable('gp.requests')
    .set({ status, decided_by: by, decided_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .returningAll()
    .executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

/** The accepted requests whose dates meet [fromMs, toMs], as the planner takes them. */
export async function plannableRequests(db: Kysely<GpTables>, fromMs: number, toMs: number): Promise<PlanRequest[]> {
  const rows = await db
    .selectFrom('gp.requests')
    .selectAll()
    .where('status', '=', 'accepted')
    .where('latest_at', '>', new Date(fromMs))
    .where('earliest_at', '<', new Date(toMs))
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const r = toRequest(row);
    return {
      id: r.id,
      kind: r.kind,
      raDeg: r.raDeg,
      decDeg: r.decDeg,
      exposureS: r.exposureS,
      minSliceS: r.minSliceS,
      earliestMs: Date.parse(r.earliest),
      latestMs: Date.parse(r.latest),
      cadenceS: r.cadenceS ?? null,
      instruments: r.instruments,
    };
  });
}
