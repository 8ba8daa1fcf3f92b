import type { NatsConnection, Status } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { JetStreamAcks } from './jetstream-acks.js';
import {
  countOutboxRows,
  deleteOutboxRows,
  staleOutboxRows,
  type OutboxRow,
  type OutboxTable,
} from './outbox.table.js';

export interface OutboxPublisherOptions {
  /** The schema-qualified outbox table, e.g. `vhf.outbox` (columns: see {@link OutboxTable}). */
  table: string;
  /** Whether the table has a `headers` jsonb column; without one, drained rows carry no headers. */
  headers?: boolean;
  /** How often the outbox is drained. */
  retryMs: number;
  /** How long a publish waits for its JetStream ack (default 2 s). */
  publishTimeoutMs?: number;
}

/** Rows younger than this are their writer's to publish: the drain leaves them. */
const STALE_AFTER_MS = 2000;
/** Rows a drain offers at once. */
const DRAIN_BATCH = 500;
/** How long acknowledged rows gather before one delete takes them all. */
const DELETE_GATHER_MS = 5;

/**
 * The transactional outbox of a service: carries committed messages to JetStream. Each message
 * is first written to the service's outbox table in the same transaction as the change it
 * announces; the writer then offers it at once (`publish`) and the row is deleted on the ack.
 * Whatever is not acknowledged (NATS away, a crash in between, an instance killed) is drained
 * every `retryMs`, and at once when NATS comes back, by any instance. A message offered twice
 * (writer and drain racing, a retry after a lost ack) is stored once: it carries its
 * `Nats-Msg-Id` and the stream de-duplicates within its window.
 */
export class OutboxPublisher {
  readonly #table: OutboxTable;
  readonly #acks: JetStreamAcks;
  readonly #statuses: AsyncIterable<Status>;
  #natsUp = true;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  /** Messages JetStream acknowledged, and those it did not (left in the outbox). */
  published = 0;
  failed = 0;

  constructor(
    private readonly db: Kysely<any>,
    private readonly nc: NatsConnection,
    private readonly log: FastifyBaseLogger,
    private readonly options: OutboxPublisherOptions,
  ) {
    this.#table = { name: options.table, headers: options.headers };
    this.#acks = new JetStreamAcks(nc);
    this.#statuses = nc.status();
    void this.#watchConnection();
  }

  /** Whether NATS is connected now: while it is not, writers leave their messages to the drain. */
  get natsUp(): boolean {
    return this.#natsUp && !this.nc.isClosed();
  }

  /**
   * Offers rows to JetStream with every ack in flight at once and deletes the acknowledged ones;
   * answers how many were. Never rejects: what is not acknowledged, or comes after `stop()`,
   * stays for the drain.
   */
  async publish(rows: readonly OutboxRow[]): Promise<number> {
    if (rows.length === 0 || !this.natsUp || this.#stopped) return 0;
    const timeoutMs = this.options.publishTimeoutMs ?? 2000;
    const results = await Promise.allSettled(
      rows.map((row) =>
        this.#acks.publish(row.subject, row.payload, { msgId: row.msgId, headers: row.headers, timeoutMs }),
      ),
    );
    const acked = rows.filter((_, i) => results[i]?.status === 'fulfilled').map((row) => row.id);
    const failures = rows.length - acked.length;
    if (failures) {
      this.failed += failures;
      const reason = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
      this.log.warn({ failures, err: reason }, 'JetStream did not acknowledge; left in the outbox');
    }
    if (acked.length) {
      this.published += acked.length;
      await this.#forget(acked);
    }
    return acked.length;
  }

  // Acknowledged rows are deleted together, one statement for all the publishes of a few
  // milliseconds: a row deleted late (or never, the database away) is at worst offered again,
  // and JetStream drops the copy.
  #acked: number[] = [];
  #flush: Promise<void> | undefined;

  #forget(ids: number[]): Promise<void> {
    this.#acked.push(...ids);
    this.#flush ??= new Promise<void>((resolve) => setTimeout(resolve, DELETE_GATHER_MS)).then(async () => {
      const batch = this.#acked;
      this.#acked = [];
      this.#flush = undefined;
      await deleteOutboxRows(this.db, this.#table, batch).catch((error) =>
        this.log.warn(
          { err: error, rows: batch.length },
          'acknowledged outbox rows not deleted; they will be offered again',
        ),
      );
    });
    return this.#flush;
  }

  /** Publishes what the outbox still holds; rows a writer is publishing right now are left to it. */
  drain(): Promise<void> {
    // The finally runs as a microtask, after the assignment: a drain that returns at once
    // cannot leave a settled promise behind that would block every later drain.
    this.#draining ??= this.#drainOnce().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drainOnce(): Promise<void> {
    try {
      // While NATS is away (or after stop) there is nothing to try: not even the select.
      while (this.natsUp && !this.#stopped) {
        const rows = await staleOutboxRows(this.db, this.#table, STALE_AFTER_MS, DRAIN_BATCH);
        if (rows.length === 0) return;
        if ((await this.publish(rows)) < rows.length) return;
      }
    } catch (error) {
      this.log.warn({ err: error }, 'outbox drain failed; retrying');
    }
  }

  /** How many messages wait in the outbox. */
  pending(): Promise<number> {
    return countOutboxRows(this.db, this.#table);
  }

  /** Drains every `retryMs` from now on. */
  start(): void {
    this.#stopped = false;
    this.#timer ??= setInterval(() => void this.drain(), this.options.retryMs);
    this.#timer.unref();
  }

  /** Stops draining and waits for what is in flight; the connection is the caller's to close. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#draining;
    await this.#flush;
    this.#acks.close();
    // nats.js hands out its status iterator as an AsyncIterable, but it is a QueuedIterator whose
    // stop() takes our listener off the connection, which may outlive us (`svom start` shares one).
    (this.#statuses as AsyncIterable<Status> & { stop?: () => void }).stop?.();
  }

  async #watchConnection(): Promise<void> {
    for await (const status of this.#statuses) {
      if (status.type === 'disconnect' || status.type === 'staleConnection') this.#natsUp = false;
      if (status.type === 'reconnect') {
        this.#natsUp = true;
        if (this.#stopped) continue;
        this.log.info('NATS is back: draining the outbox');
        void this.drain();
      }
    }
  }
}
