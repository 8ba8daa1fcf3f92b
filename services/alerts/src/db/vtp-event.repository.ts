import { sql, type Kysely } from 'kysely';
import type { OutboxRow } from './outbox.repository.js';
import type { AlertsTables } from './tables.js';

/** A VOEvent from a VTP author, known by its VTP section 7 digest. */
export interface VtpEvent {
  digest: string;
  ivorn: string;
  xml: string;
  authorAddress: string;
}

/**
 * Inserts the events whose digest is new (one per digest: the caller dedupes) and, in the same
 * statement, an outbox row for each, made by PostgreSQL from the inserted rows: one round trip,
 * its own transaction, the XML over the wire once. Answers the new events' digests with their
 * outbox rows (`Nats-Msg-Id` = `vtp:<digest>`); an event seen before has none.
 */
export async function insertNewVtpEvents(
  db: Kysely<AlertsTables>,
  events: ReadonlyMap<string, VtpEvent>,
  subject: string,
): Promise<{ digest: string; outbox: OutboxRow }[]> {
  const inserted = await db
    .with('fresh', (db) =>
      db
        .insertInto('alerts.vtp_events')
        .values(
          [...events.values()].map((e) => ({
            digest: e.digest,
            ivorn: e.ivorn,
            xml: e.xml,
            author_address: e.authorAddress,
          })),
        )
        .onConflict((oc) => oc.column('digest').doNothing())
        .returning(['digest', 'xml']),
    )
    .insertInto('alerts.outbox')
    .columns(['subject', 'msg_id', 'payload'])
    .expression((eb) =>
      eb
        .selectFrom('fresh')
        .select([
          sql<string>`${subject}::text`.as('subject'),
          sql<string>`'vtp:' || fresh.digest`.as('msg_id'),
          'fresh.xml',
        ]),
    )
    .returning(['id', 'msg_id'])
    .execute();
  return inserted.map((r) => {
    const digest = r.msg_id.slice('vtp:'.length);
    return {
      digest,
      outbox: { id: Number(r.id), subject, msgId: r.msg_id, headers: {}, payload: events.get(digest)!.xml },
    };
  });
}
