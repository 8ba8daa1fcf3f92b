import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { streamName, type Subjects } from '@svom/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { FollowupTables } from '../db/tables.js';
import { NoticeError, readNotice, type ParsedNotice } from '../notices/notice-reader.js';

export interface NoticeConsumerSettings {
  durable: string;
  ackWaitS: number;
  maxDeliver: number;
  nakDelayMs: number;
  /** Called once a notice is recorded as a dead letter (metrics). */
  onDeadLetter?: () => void;
}

/** The pure-ish part: apply one notice (throws on a transient fault: the notice is redelivered). */
export type NoticeHandler = (notice: ParsedNotice, streamSeq: number) => Promise<void>;

/**
 * A durable pull consumer of `svom.alerts.notice.>` around a notice handler: decode, handle, ack.
 * A notice that can never be read is a dead letter at once (term); a handler failure is retried
 * (nak, growing delay) until `maxDeliver`, then it is a dead letter too. Several replicas share
 * the durable consumer; the handler is idempotent on the notice IVORN, so a redelivery after a
 * lost ack creates nothing twice.
 */
export class NoticeConsumer {
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  handled = 0;
  deadLetters = 0;

  constructor(
    private readonly deps: {
      js: JetStreamClient;
      jsm: JetStreamManager;
      db: Kysely<FollowupTables>;
      subjects: Subjects;
      prefix: string;
      log: FastifyBaseLogger;
    },
    private readonly handler: NoticeHandler,
    private readonly settings: NoticeConsumerSettings,
  ) {}

  get stream(): string {
    return streamName('ALERTS', this.deps.prefix);
  }

  /** Creates or updates the durable consumer, then consumes until `stop()`. */
  async start(): Promise<void> {
    const config = {
      durable_name: this.settings.durable,
      filter_subject: this.deps.subjects.alerts.notices,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: this.settings.ackWaitS * 1e9,
      max_deliver: this.settings.maxDeliver,
      max_ack_pending: 64,
    };
    try {
      await this.deps.jsm.consumers.info(this.stream, this.settings.durable);
      await this.deps.jsm.consumers.update(this.stream, this.settings.durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      await this.deps.jsm.consumers.add(this.stream, config);
    }
    const consumer = await this.deps.js.consumers.get(this.stream, this.settings.durable);
    this.#messages = await consumer.consume({ max_messages: 16 });
    const messages = this.#messages;
    this.#loop = (async () => {
      // One notice at a time: notices of one burst must be applied in order.
      for await (const m of messages) await this.#handle(m);
    })().catch((error) => this.deps.log.error({ err: error }, 'notice consumer stopped'));
  }

  async stop(): Promise<void> {
    await this.#messages?.close().catch(() => undefined);
    await this.#loop;
  }

  async #handle(m: JsMsg): Promise<void> {
    let notice: ParsedNotice;
    try {
      notice = readNotice({ subject: m.subject, headers: (name) => m.headers?.get(name) || undefined, data: m.data });
    } catch (error) {
      if (!(error instanceof NoticeError)) throw error;
      await this.#deadLetter(m, `${error.code}: ${error.message}`);
      return;
    }
    try {
      await this.handler(notice, m.seq);
      m.ack();
      this.handled++;
    } catch (error) {
      const deliveries = m.info.deliveryCount;
      if (deliveries >= this.settings.maxDeliver) {
        this.deps.log.error(
          { err: error, notice: notice.key, deliveries },
          'notice failed at every delivery: dead letter',
        );
        await this.#deadLetter(m, `failed ${deliveries} times: ${(error as Error).message}`);
        return;
      }
      this.deps.log.warn({ err: error, notice: notice.key, deliveries }, 'notice failed; it will be redelivered');
      m.nak(this.settings.nakDelayMs * deliveries);
    }
  }

  /** Records why a notice can never succeed, then terminates it; if even that fails, it comes back. */
  async #deadLetter(m: JsMsg, reason: string): Promise<void> {
    try {
      await this.deps.db
        .insertInto('followup.dead_letters')
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
      this.deps.log.warn({ subject: m.subject, seq: m.seq, reason }, 'notice dead-lettered');
    } catch (error) {
      this.deps.log.error({ err: error }, 'could not record a dead letter; the notice will be redelivered');
      m.nak(this.settings.nakDelayMs);
    }
  }
}
