import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { NotifyTables } from '../db/tables.js';

/** A message as a handler sees it: no JetStream types, so the handler stays pure and testable. */
export interface Envelope {
  subject: string;
  headers: (name: string) => string | undefined;
  data: Uint8Array;
  streamSeq: number;
}

/** Thrown by a handler for a message that can never succeed: it becomes a dead letter at once. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

export interface ConsumerSettings {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Where a new durable starts: every kept message, or only new ones (station health). */
  deliverNew?: boolean;
  ackWaitS: number;
  maxDeliver: number;
  nakDelayMs: number;
  onDeadLetter?: () => void;
}

/**
 * The smallest local wiring of a durable pull consumer around a pure handler (until the kit's
 * consumer of issue 10 lands): handler ok → ack; PermanentError → dead letter (notify.dead_letters)
 * and term; other errors → nak with a growing delay, a dead letter after `maxDeliver`.
 */
export class JetStreamConsumer {
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  handled = 0;
  deadLetters = 0;

  constructor(
    private readonly deps: {
      js: JetStreamClient;
      jsm: JetStreamManager;
      db: Kysely<NotifyTables>;
      log: FastifyBaseLogger;
    },
    private readonly handler: (envelope: Envelope) => Promise<void>,
    private readonly settings: ConsumerSettings,
  ) {}

  async start(): Promise<void> {
    const { stream, durable } = this.settings;
    const config = {
      durable_name: durable,
      filter_subject: this.settings.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.settings.deliverNew ? DeliverPolicy.New : DeliverPolicy.All,
      ack_wait: this.settings.ackWaitS * 1e9,
      max_deliver: this.settings.maxDeliver,
      max_ack_pending: 64,
    };
    try {
      await this.deps.jsm.consumers.info(stream, durable);
      await this.deps.jsm.consumers.update(stream, durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      await this.deps.jsm.consumers.add(stream, config);
    }
    const consumer = await this.deps.js.consumers.get(stream, durable);
    this.#messages = await consumer.consume({ max_messages: 16 });
    const messages = this.#messages;
    this.#loop = (async () => {
      // One message at a time: the notices of a burst are planned in order (collapsing needs it).
      for await (const m of messages) await this.#handle(m);
    })().catch((error) => this.deps.log.error({ err: error, durable }, 'consumer stopped'));
  }

  async stop(): Promise<void> {
    await this.#messages?.close().catch(() => undefined);
    await this.#loop;
  }

  async #handle(m: JsMsg): Promise<void> {
    try {
      await this.handler({
        subject: m.subject,
        headers: (name) => m.headers?.get(name) || undefined,
        data: m.data,
        streamSeq: m.seq,
      });
      m.ack();
      this.handled++;
    } catch (error) {
      const deliveries = m.info.deliveryCount;
      if (error instanceof PermanentError || deliveries >= this.settings.maxDeliver) {
        await this.#deadLetter(
          m,
          error instanceof PermanentError ? error.message : `failed ${deliveries} times: ${(error as Error).message}`,
        );
        return;
      }
      this.deps.log.warn({ err: error, subject: m.subject, deliveries }, 'message failed; it will be redelivered');
      m.nak(this.settings.nakDelayMs * deliveries);
    }
  }

  async #deadLetter(m: JsMsg, reason: string): Promise<void> {
    try {
      await this.deps.db
        .insertInto('notify.dead_letters')
        .values({
          subject: m.subject,
          stream_seq: m.seq,
          msg_id: m.headers?.get('Nats-Msg-Id') || null,
          deliveries: m.info.deliveryCount,
          reason,
          payload: new TextDecoder().decode(m.data),
        })
        .execute();
      m.term(reason.slice(0, 200));
      this.deadLetters++;
      this.settings.onDeadLetter?.();
      this.deps.log.warn({ subject: m.subject, seq: m.seq, reason }, 'message dead-lettered');
    } catch (error) {
      this.deps.log.error({ err: error }, 'could not record a dead letter; the message will be redelivered');
      m.nak(this.settings.nakDelayMs);
    }
  }
}
