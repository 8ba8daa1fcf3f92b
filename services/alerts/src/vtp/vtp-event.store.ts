import type { Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import { voEventDigest } from '@svom/vtp';
import { insertOutbox, type OutboxRow } from '../db/outbox.repository.js';
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
 * receiver answers each connection's events in order, so throughput comes from many authors at
 * once: their events are gathered for one tick and written in one transaction (events and their
 * outbox rows), a few hundred rows per statement rather than one commit each.
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
      const { fresh, outbox } = await this.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('alerts.vtp_events')
          .values([...firsts.values()].map((w) => ({ digest: w.digest, ivorn: w.ivorn, xml: w.xml, author_address: w.authorAddress })))
          .onConflict((oc) => oc.column('digest').doNothing())
          .returning('digest')
          .execute();
        const fresh = new Set(inserted.map((r) => r.digest));
        const outbox = await insertOutbox(
          trx,
          [...firsts.values()].filter((w) => fresh.has(w.digest)).map((w) => ({ subject: this.subjects.alerts.voevent('external'), msgId: `vtp:${w.digest}`, headers: {}, payload: w.xml })),
        );
        return { fresh, outbox };
      });
      for (const w of batch) w.resolve(firsts.get(w.digest) === w && fresh.has(w.digest) ? 'new' : 'duplicate');
      await this.publish(outbox);
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
