import type { Kysely } from 'kysely';
import type { Subjects } from '@svom/contracts';
import { type AfterCommitWork, GroupCommitBatcher } from '@svom/service-kit';
import { voEventDigest } from '@svom/vtp';
import type { OutboxRow } from '../db/outbox.repository.js';
import type { AlertsTables } from '../db/tables.js';
import { insertNewVtpEvents, type VtpEvent } from '../db/vtp-event.repository.js';

/** How the store groups its writes. */
export interface VtpEventStoreOptions {
  /** Insert statements running at once; events arriving meanwhile wait and go together (default 2). */
  maxConcurrent?: number;
  /** Most events in one statement (default 500). */
  maxBatch?: number;
}

type Outcome = 'new' | 'duplicate';

/**
 * Records VOEvents from VTP authors, recognising duplicates by their VTP section 7 digest.
 * Authors such as `comet-sendvo` open one connection per event: a transaction each would make
 * every event wait for its own commit (a WAL flush), which capped the author port near 2,000
 * events/s. Events of all connections are therefore group-committed: while `maxConcurrent`
 * statements run, the events that arrive wait and are written together in the next one (events
 * and outbox rows in one statement, its own transaction). An event's promise resolves only once
 * its statement has committed, so no receipt is sent for an event that is not durable; a
 * statement that fails is retried event by event, so one event's fault is no other's.
 */
export class VtpEventStore {
  readonly #batcher: GroupCommitBatcher<VtpEvent, Outcome>;

  constructor(
    private readonly db: Kysely<AlertsTables>,
    private readonly subjects: Subjects,
    /** Offers committed outbox rows to JetStream; what it does not take stays for the outbox drain. */
    private readonly publish: (rows: OutboxRow[]) => Promise<unknown>,
    /** Where that offer runs, after the receipts have gone (bounded; the service waits for it on stop). */
    private readonly afterCommit: AfterCommitWork,
    options: VtpEventStoreOptions = {},
  ) {
    this.#batcher = new GroupCommitBatcher((events) => this.#write(events), {
      maxConcurrent: options.maxConcurrent ?? 2,
      maxWeight: options.maxBatch ?? 500,
    });
  }

  /** `new` once durably stored (then redistributed through NATS), `duplicate` if seen before. */
  accept(ivorn: string, xml: string, authorAddress: string): Promise<Outcome> {
    return this.#batcher.submit({ digest: voEventDigest(xml), ivorn, xml, authorAddress });
  }

  async #write(events: VtpEvent[]): Promise<Outcome[]> {
    // The first copy within the batch is the candidate; later copies are duplicates of it.
    const firsts = new Map<string, VtpEvent>();
    for (const e of events) if (!firsts.has(e.digest)) firsts.set(e.digest, e);
    // One statement (events and outbox rows), so one round trip and its own transaction.
    const inserted = await insertNewVtpEvents(this.db, firsts, this.subjects.alerts.voevent('external'));
    // Committed: the rows are safe in the outbox and offered now, not awaited (the outbox
    // drain takes what JetStream does not acknowledge, or what the bound skipped).
    const rows = inserted.map((r) => r.outbox);
    if (rows.length) this.afterCommit.run(async () => void (await this.publish(rows)));
    const fresh = new Set(inserted.map((r) => r.digest));
    return events.map((e) => (firsts.get(e.digest) === e && fresh.has(e.digest) ? 'new' : 'duplicate'));
  }
}
