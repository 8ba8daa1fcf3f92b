import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { deleteOutbox, outboxSize, staleOutbox, type OutboxRow } from '../db/outbox.repository.js';
import type { AlertsTables } from '../db/tables.js';
import { JetStreamAcks } from './jetstream-acks.js';

/**
 * Carries notices and burst states to JetStream. They are written to `alerts.outbox` in the
 * transaction that made them; the handler offers them at once after the commit and deletes each
 * on its ack. What is left (NATS away, a crash in between, an instance killed) is drained every
 * `retryMs` by any instance. A message offered twice is stored once: `Nats-Msg-Id` (the notice
 * IVORN) and the stream's duplicate window see to it.
 */
export class OutboxPublisher {
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  published = 0;
  failed = 0;
  readonly #acks: JetStreamAcks;

  constructor(
    private readonly db: Kysely<AlertsTables>,
    private readonly nc: NatsConnection,
    private readonly log: FastifyBaseLogger,
    private readonly options: { retryMs: number; publishTimeoutMs?: number },
  ) {
    this.#acks = new JetStreamAcks(nc);
  }

  /** Offers rows with all their acks in flight at once; deletes the acknowledged ones. */
  async publish(rows: OutboxRow[]): Promise<number> {
    if (rows.length === 0 || this.nc.isClosed()) return 0;
    const timeout = this.options.publishTimeoutMs ?? 2000;
    const results = await Promise.allSettled(
      rows.map((row) => this.#acks.publish(row.subject, row.payload, { msgId: row.msgId, headers: row.headers, timeoutMs: timeout })),
    );
    const acked = rows.filter((_, i) => results[i]?.status === 'fulfilled').map((r) => r.id);
    if (acked.length < rows.length) {
      this.failed += rows.length - acked.length;
      const reason = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
      this.log.warn({ failures: rows.length - acked.length, err: reason }, 'JetStream did not acknowledge; left in the outbox');
    }
    await deleteOutbox(this.db, acked);
    this.published += acked.length;
    return acked.length;
  }

  /** Publishes what the outbox still holds (rows a handler is publishing right now are left to it). */
  drain(): Promise<void> {
    this.#draining ??= this.#drainOnce().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drainOnce(): Promise<void> {
    try {
      for (;;) {
        const rows = await staleOutbox(this.db, 2000, 500);
        if (rows.length === 0) return;
        if ((await this.publish(rows)) < rows.length) return;
      }
    } catch (error) {
      this.log.warn({ err: error }, 'outbox drain failed; retrying');
    }
  }

  pending(): Promise<number> {
    return outboxSize(this.db);
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.drain(), this.options.retryMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#draining;
    this.#acks.close();
  }
}
