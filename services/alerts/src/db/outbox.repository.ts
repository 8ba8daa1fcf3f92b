import { sql, type Kysely } from 'kysely';
import type { Db } from './burst.repository.js';
import type { AlertsTables } from './tables.js';

/** One message to JetStream, written in the transaction of what it announces. */
export interface OutboxMessage {
  subject: string;
  msgId: string;
  headers: Record<string, string>;
  payload: string;
}

export interface OutboxRow extends OutboxMessage {
  id: number;
}

export async function insertOutbox(db: Db, messages: OutboxMessage[]): Promise<OutboxRow[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .insertInto('alerts.outbox')
    .values(messages.map((m) => ({ subject: m.subject, msg_id: m.msgId, headers: JSON.stringify(m.headers), payload: m.payload })))
    .returning('id')
    .execute();
  return messages.map((m, i) => ({ ...m, id: Number(rows[i]!.id) }));
}

/** Rows older than `olderThanMs`: those a publisher in flight has not taken care of. */
export async function staleOutbox(db: Kysely<AlertsTables>, olderThanMs: number, limit: number): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom('alerts.outbox')
    .selectAll()
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), subject: r.subject, msgId: r.msg_id, headers: r.headers as Record<string, string>, payload: r.payload }));
}

export async function deleteOutbox(db: Kysely<AlertsTables>, ids: number[]): Promise<void> {
  if (ids.length) await db.deleteFrom('alerts.outbox').where('id', 'in', ids.map(String)).execute();
}

export async function outboxSize(db: Kysely<AlertsTables>): Promise<number> {
  const row = await db.selectFrom('alerts.outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
