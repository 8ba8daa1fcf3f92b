import type { Generated, Kysely } from 'kysely';

/**
 * The one shape of a dead-letter table, in every schema (`alerts.dead_letters`,
 * `followup.dead_letters`, `gp.dead_letters`): a message no delivery could handle, kept with why.
 */
export interface DeadLetterTable {
  id: Generated<string>;
  subject: string;
  stream_seq: string | number | null;
  /** The message's `Nats-Msg-Id`, when it had one. */
  msg_id: string | null;
  /** Deliveries the message had when it was given up. */
  deliveries: number;
  /** A stable reason code (`NOT_JSON`, `GAVE_UP`, an error's code). */
  code: string;
  reason: string;
  payload: string;
  created_at: Generated<Date>;
}

/** A dead letter to record. */
export interface NewDeadLetter {
  subject: string;
  streamSeq: number | null;
  msgId: string | null;
  deliveries: number;
  code: string;
  reason: string;
  payload: string;
}

/** A recorded dead letter, as `GET /v1/dead-letters` answers it. */
export interface DeadLetter extends NewDeadLetter {
  id: number;
  /** When it was recorded (ISO 8601). */
  at: string;
}

// The table is the service's own (its Kysely type is not the kit's), hence `Kysely<any>`.

/** Records one dead letter in `table` (schema-qualified, e.g. `alerts.dead_letters`). */
export async function insertDeadLetter(db: Kysely<any>, table: string, letter: NewDeadLetter): Promise<void> {
  await db
    .insertInto(table)
    .values({
      subject: letter.subject,
      stream_seq: letter.streamSeq,
      msg_id: letter.msgId,
      deliveries: letter.deliveries,
      code: letter.code,
      reason: letter.reason,
      payload: letter.payload,
    })
    .execute();
}

/** Dead letters newest first, `limit` of them, with ids below `beforeId` when given (the next page). */
export async function listDeadLetters(
  db: Kysely<any>,
  table: string,
  page: { limit: number; beforeId?: number | undefined },
): Promise<DeadLetter[]> {
  let query = db.selectFrom(table).selectAll().orderBy('id', 'desc').limit(page.limit);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  const rows = (await query.execute()) as Array<DeadLetterTable & { id: string; created_at: Date | string }>;
  return rows.map((r) => ({
    id: Number(r.id),
    subject: r.subject,
    streamSeq: r.stream_seq === null ? null : Number(r.stream_seq),
    msgId: r.msg_id,
    deliveries: r.deliveries,
    code: r.code,
    reason: r.reason,
    payload: r.payload,
    at: new Date(r.created_at).toISOString(),
  }));
}

/** How many dead letters `table` holds. */
export async function countDeadLetters(db: Kysely<any>, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
