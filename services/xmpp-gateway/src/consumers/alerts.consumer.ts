import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { streamName } from '@svom/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';

/** What the handler sees of a JetStream message. */
export interface ConsumedMessage {
  subject: string;
  data: Uint8Array;
  header(name: string): string | undefined;
  streamSeq: number;
  deliveryCount: number;
}

export interface ConsumerSettings {
  CONSUMER_ACK_WAIT_S: number;
  CONSUMER_MAX_DELIVER: number;
  CONSUMER_BACKOFF_MS: number;
  CONSUMER_BACKOFF_MAX_MS: number;
}

export interface AlertsConsumerOptions<T> {
  durable: string;
  filterSubject: string;
  settings: ConsumerSettings;
  decode(message: ConsumedMessage): T;
  handle(message: T, raw: ConsumedMessage): Promise<void>;
  isPermanent(error: unknown): boolean;
  onSettled?(outcome: 'acked' | 'naked' | 'dead-letter', code?: string): void;
}

/**
 * The gateway's durable pull consumer of the ALERTS stream, one message at a time in stream
 * order: decode, handle, ack; nak with a doubling delay on a transient failure; a message that can
 * never be published is recorded in `xmpp.dead_letters`, then terminated.
 */
export class AlertsConsumer<T> {
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  state: 'idle' | 'consuming' | 'restarting' | 'stopped' = 'idle';
  handled = 0;
  deadLettered = 0;

  constructor(
    private readonly deps: {
      js: JetStreamClient;
      jsm: JetStreamManager;
      db: Kysely<any>;
      natsPrefix: string;
      log: FastifyBaseLogger;
    },
    private readonly options: AlertsConsumerOptions<T>,
  ) {}

  get stream(): string {
    return streamName('ALERTS', this.deps.natsPrefix);
  }

  async start(): Promise<void> {
    const { durable, settings } = this.options;
    const changeable = { ack_wait: settings.CONSUMER_ACK_WAIT_S * 1e9, max_deliver: -1, max_ack_pending: 256 };
    const existing = await this.deps.jsm.consumers.info(this.stream, durable).catch(() => undefined);
    if (existing) await this.deps.jsm.consumers.update(this.stream, durable, changeable);
    else
      await this.deps.jsm.consumers.add(this.stream, {
        durable_name: durable,
        filter_subject: this.options.filterSubject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...changeable,
      });
    const consumer = await this.deps.js.consumers.get(this.stream, durable);
    this.#messages = await consumer.consume({ max_messages: 64 });
    this.state = 'consuming';
    const messages = this.#messages;
    this.#loop = (async () => {
      for await (const m of messages) await this.#onMessage(m);
    })().catch((error) => {
      this.state = 'restarting';
      this.deps.log.error({ err: error }, 'alerts consumer stopped');
    });
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    await this.#messages?.close().catch(() => undefined);
    await this.#loop;
  }

  async #onMessage(m: JsMsg): Promise<void> {
    const { settings } = this.options;
    const raw: ConsumedMessage = {
      subject: m.subject,
      data: m.data,
      header: (name) => m.headers?.get(name) || undefined,
      streamSeq: m.info.streamSequence,
      deliveryCount: m.info.deliveryCount,
    };
    let message: T;
    try {
      message = this.options.decode(raw);
    } catch (error) {
      return this.#deadLetter(m, raw, codeOf(error) ?? 'UNDECODABLE', (error as Error).message);
    }
    try {
      await this.options.handle(message, raw);
    } catch (error) {
      if (this.options.isPermanent(error))
        return this.#deadLetter(m, raw, codeOf(error) ?? 'PERMANENT', (error as Error).message);
      if (raw.deliveryCount >= settings.CONSUMER_MAX_DELIVER)
        return this.#deadLetter(m, raw, 'GAVE_UP', `failed ${raw.deliveryCount} times: ${(error as Error).message}`);
      const delay = Math.min(
        settings.CONSUMER_BACKOFF_MAX_MS,
        settings.CONSUMER_BACKOFF_MS * 2 ** (raw.deliveryCount - 1),
      );
      this.deps.log.warn(
        { err: error, subject: m.subject, deliveries: raw.deliveryCount },
        'not published; redelivery later',
      );
      m.nak(delay);
      this.options.onSettled?.('naked');
      return;
    }
    m.ack();
    this.handled++;
    this.options.onSettled?.('acked');
  }

  async #deadLetter(m: JsMsg, raw: ConsumedMessage, code: string, reason: string): Promise<void> {
    try {
      await this.deps.db
        .insertInto('xmpp.dead_letters')
        .values({
          subject: raw.subject,
          stream_seq: raw.streamSeq,
          msg_id: raw.header('Nats-Msg-Id') ?? null,
          deliveries: raw.deliveryCount,
          code,
          reason,
          payload: new TextDecoder().decode(raw.data),
        })
        .execute();
    } catch (error) {
      this.deps.log.error({ err: error }, 'dead letter not recorded; redelivery later');
      m.nak(this.options.settings.CONSUMER_BACKOFF_MS);
      return;
    }
    this.deadLettered++;
    this.options.onSettled?.('dead-letter', code);
    this.deps.log.warn({ subject: raw.subject, seq: raw.streamSeq, code, reason }, 'dead-lettered');
    m.term(`${code}: ${reason}`.slice(0, 200));
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}
