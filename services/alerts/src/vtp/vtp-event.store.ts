import type { Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import { voEventDigest } from '@svom/vtp';
import type { OutboxRow } from '../db/outbox.repository.js';
import type { AlertsTables } from '../db/tables.js';
import { insertNewVtpEvents, type VtpEvent } from '../db/vtp-event.repository.js';

interface Waiting extends VtpEvent {
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
      // One statement (events and outbox rows), so one round trip and its own transaction.
      const inserted = await insertNewVtpEvents(this.db, firsts, this.subjects.alerts.voevent('external'));
      const fresh = new Set(inserted.map((r) => r.digest));
      const outbox = inserted.map((r) => r.outbox);
      for (const w of batch) w.resolve(firsts.get(w.digest) === w && fresh.has(w.digest) ? 'new' : 'duplicate');
      await this.publish(outbox);
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
