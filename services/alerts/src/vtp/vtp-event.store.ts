import { sql, type Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import { voEventDigest } from '@svom/vtp';
import type { OutboxRow } from '../db/outbox.repository.js';
import type { AlertsTables } from '../db/tables.js';

interface Waiting {
  digest: string;
  ivorn: string;
  xml: string;
  authorAddress: string;
  resolve(outcome: 'new' | 'duplicate'): void;
  reject(error: unknown): void;
}

/**
 * Records VOEvents from VTP authors, recognising duplicates by their VTP section 7 digest. The
 * receiver has up to 64 events of each connection in flight, from many authors at once: they
 * are gathered for one tick and written in one statement (events and their
 * outbox rows), a few hundred rows per commit rather than one commit each.
 */
export class VtpEventStore {
  #queue: Waiting[] = [];
  #scheduled = false;

  constructor(
    private readonly db: Kysely<AlertsTables>,
    private readonly subjects: Subjects,
    private readonly publish: (rows: OutboxRow[]) => Promise<unknown>,
    private readonly maxBatch = 500,
  ) {}

  /** `new` once durably stored (then redistributed through NATS), `duplicate` if seen before. */
  accept(ivorn: string, xml: string, authorAddress: string): Promise<'new' | 'duplicate'> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ digest: voEventDigest(xml), ivorn, xml, authorAddress, resolve, reject });
      if (this.#queue.length >= this.maxBatch) void this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.#queue.length);
    if (batch.length === 0) return;
    // The first copy within the batch is the candidate; later copies are duplicates of it.
    const firsts = new Map<string, Waiting>();
    for (const w of batch) if (!firsts.has(w.digest)) firsts.set(w.digest, w);
    try {
      // One statement, so one round trip and its own transaction: the events, and an outbox row
      // for each one not seen before, made by PostgreSQL from the inserted rows (the XML goes
      // over the wire once).
      const subject = this.subjects.alerts.voevent('external');
      const inserted = await this.db
        .with('fresh', (db) =>
          db
            .insertInto('alerts.vtp_events')
            .values(
              [...firsts.values()].map((w) => ({
                digest: w.digest,
                ivorn: w.ivorn,
                xml: w.xml,
                author_address: w.authorAddress,
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
      const fresh = new Set(inserted.map((r) => r.msg_id.slice('vtp:'.length)));
      const outbox: OutboxRow[] = inserted.map((r) => {
        const w = firsts.get(r.msg_id.slice('vtp:'.length))!;
        return { id: Number(r.id), subject, msgId: r.msg_id, headers: {}, payload: w.xml };
      });
      for (const w of batch) w.resolve(firsts.get(w.digest) === w && fresh.has(w.digest) ? 'new' : 'duplicate');
      await this.publish(outbox);
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
