import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sql, type Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';

export interface OutboxRow {
  id: number;
  subject: string;
  msg_id: string;
  payload: string;
}

/**
 * The transactional outbox of a service: carries committed messages to JetStream. Each message
 * is first written to the service's outbox table (`id`, `subject`, `msg_id`, `payload`,
 * `created_at`) in the same transaction as the change it announces; the writer then offers it
 * to JetStream at once and the row is deleted on the ack. Whatever is not acknowledged (NATS
 * away, a crash in between) is drained by `drain()` until it is. A message offered twice (writer
 * and drain racing, or a retry after a lost ack) is stored once: it carries its `Nats-Msg-Id`
 * and the stream de-duplicates within its window.
 */
export class OutboxPublisher {
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #natsUp = true;
  published = 0;
  failed = 0;

  constructor(
    /** The schema-qualified outbox table, e.g. `vhf.outbox`. */
    private readonly table: string,
    private readonly db: Kysely<any>,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly log: FastifyBaseLogger,
    private readonly options: { retryMs: number; publishTimeoutMs?: number },
  ) {
    void this.#watchConnection();
  }

  /** Whether NATS is connected now: while it is not, writers leave their messages to the drain. */
  get natsUp(): boolean {
    return this.#natsUp && !this.nc.isClosed();
  }

  /** Offers rows to JetStream with every ack in flight at once; deletes the acknowledged ones. */
  async publish(rows: OutboxRow[]): Promise<number> {
    if (rows.length === 0 || !this.natsUp) return 0;
    const timeout = this.options.publishTimeoutMs ?? 2000;
    // Our own deadline too: a publish issued across a reconnect may otherwise never settle, and
    // one stuck publish would stall the drain for good.
    const results = await Promise.allSettled(rows.map((row) => deadline(this.js.publish(row.subject, row.payload, { msgID: row.msg_id, timeout }), timeout + 500)));
    const acked = rows.filter((_, i) => results[i]?.status === 'fulfilled').map((row) => row.id);
    const failures = results.length - acked.length;
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

  // Acknowledged rows are deleted together, one statement for all the requests of a few
  // milliseconds: a row deleted late is at worst offered again, and JetStream drops the copy.
  #acked: number[] = [];
  #flush: Promise<void> | undefined;

  #forget(ids: number[]): Promise<void> {
    this.#acked.push(...ids);
    this.#flush ??= new Promise<void>((resolve) => setTimeout(resolve, 5)).then(async () => {
      const batch = this.#acked;
      this.#acked = [];
      this.#flush = undefined;
      await this.db.deleteFrom(this.table).where('id', 'in', batch).execute();
    });
    return this.#flush;
  }

  /** Publishes what the outbox still holds; rows a request is publishing right now are left to it. */
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
      for (;;) {
        if (!this.natsUp) return;
        const rows = await this.db
          .selectFrom(this.table)
          .select(['id', 'subject', 'msg_id', 'payload'])
          .where('created_at', '<', sql<Date>`now() - interval '2 seconds'`)
          .orderBy('id')
          .limit(1000)
          .execute();
        if (rows.length === 0) return;
        const acked = await this.publish(rows);
        if (acked < rows.length) return;
      }
    } catch (error) {
      this.log.warn({ err: error }, 'outbox drain failed; retrying');
    }
  }

  /** How many messages wait in the outbox. */
  async pending(): Promise<number> {
    const row = await this.db.selectFrom(this.table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.drain(), this.options.retryMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#draining;
  }

  async #watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect' || status.type === 'staleConnection') this.#natsUp = false;
      if (status.type === 'reconnect') {
        this.#natsUp = true;
        this.log.info('NATS is back: draining the outbox');
        void this.drain();
      }
    }
  }
}

function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no JetStream ack in ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
