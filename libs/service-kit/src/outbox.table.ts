import { sql, type Kysely } from 'kysely';

/** One message to JetStream, written to an outbox table in the transaction of what it announces. */
export interface OutboxMessage {
  subject: string;
  /** `Nats-Msg-Id`: JetStream stores a message offered twice once, within the stream's duplicate window. */
  msgId: string;
  /** NATS headers besides `Nats-Msg-Id`; only a table with a `headers` column keeps them for the drain. */
  headers?: Readonly<Record<string, string>> | undefined;
  payload: string;
}

/** An outbox message as stored: the id its acknowledgement deletes it by. */
export interface OutboxRow extends OutboxMessage {
  id: number;
}

/**
 * Where a service keeps its outbox: a table with `id` (bigserial), `subject`, `msg_id`, `payload`,
 * `created_at` and, when `headers` is true, `headers` (jsonb object of strings).
 */
export interface OutboxTable {
  /** Schema-qualified, e.g. `vhf.outbox`. */
  name: string;
  headers?: boolean | undefined;
}

// The statements the publisher needs, for any service's outbox table. The table is the service's
// own (its Kysely type is not the kit's), hence `Kysely<any>`.

/** Rows written more than `olderThanMs` ago, oldest first: those no writer is still offering. */
export async function staleOutboxRows(
  db: Kysely<any>,
  table: OutboxTable,
  olderThanMs: number,
  limit: number,
): Promise<OutboxRow[]> {
  const columns = ['id', 'subject', 'msg_id', 'payload', ...(table.headers ? ['headers'] : [])];
  const rows = (await db
    .selectFrom(table.name)
    .select(columns)
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('id')
    .limit(limit)
    .execute()) as Array<{
    id: number;
    subject: string;
    msg_id: string;
    payload: string;
    headers?: Record<string, string>;
  }>;
  return rows.map((r) => ({
    id: Number(r.id),
    subject: r.subject,
    msgId: r.msg_id,
    headers: r.headers,
    payload: r.payload,
  }));
}

export async function deleteOutboxRows(db: Kysely<any>, table: OutboxTable, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.deleteFrom(table.name).where('id', 'in', ids).execute();
}

export async function countOutboxRows(db: Kysely<any>, table: OutboxTable): Promise<number> {
  const row = await db
    .selectFrom(table.name)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
