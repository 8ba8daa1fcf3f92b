import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { streamName, type StreamName } from '@svom/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { ConsumeLoop, type ConsumerState } from './consume-loop.js';
import { consumerMetrics, type ConsumerMetrics } from './consumer.metrics.js';
import { redeliveryDelayMs, type ConsumerSettings } from './consumer.settings.js';
import { insertDeadLetter } from './dead-letter.table.js';
import { ReadinessFailure } from './plugins/health.plugin.js';

/**
 * A message that can never be handled, whatever the number of deliveries: thrown by a decoder
 * (or a handler), it makes a dead letter at once with this code.
 */
export class UnusableMessageError extends Error {
  override name = 'UnusableMessageError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a decoder and a handler see of a JetStream message. */
export interface ConsumedMessage {
  subject: string;
  data: Uint8Array;
  /** A NATS header, or undefined. */
  header(name: string): string | undefined;
  streamSeq: number;
  /** 1 at the first delivery. */
  deliveryCount: number;
}

/** What a consumer takes of its service: a service app (`FastifyInstance`) has all of it. */
export interface ConsumerDeps {
  db: Kysely<any>;
  js: JetStreamClient;
  jsm: JetStreamManager;
  natsPrefix: string;
  log: FastifyBaseLogger;
  /** The service's Prometheus registry: the consumer metrics are registered there. */
  metrics: Registry;
  /** Makes `/ready` answer 503 naming this consumer while it is not consuming. */
  addReadinessCheck?(name: string, check: () => Promise<void>): void;
}

export interface DurableConsumerOptions<T, R = void> {
  /** Durable name, shared by every instance of the service: they split the messages. */
  durable: string;
  stream: StreamName;
  /** One subject filter (NATS 2.9: one per consumer), from `app.subjects`. */
  filterSubject: string;
  /** Where a new durable consumer starts: every stored message (default) or only new ones. */
  deliverPolicy?: 'all' | 'new';
  /** Messages delivered and not yet acknowledged, for all instances (default 1000). */
  maxAckPending?: number;
  /** Messages pulled at once (default 64). Handled one at a time, in stream order. */
  batch?: number;
  settings: ConsumerSettings;
  /** The schema-qualified dead-letter table (`alerts.dead_letters`, see `DeadLetterTable`). */
  deadLetters: string;
  /** Bytes to a message. Whatever it throws makes a dead letter at once (code: the error's, or `UNDECODABLE`). */
  decode(message: ConsumedMessage): T;
  /** Handles one message; a throw naks it (or dead-letters it: `isPermanent`, or its last delivery). */
  handle(message: T, raw: ConsumedMessage): Promise<R>;
  /** Errors of `handle` no redelivery can cure: dead-lettered at once. `UnusableMessageError` always is. */
  isPermanent?(error: unknown): boolean;
  /** After the ack: what need not hold the message (publishing what the handler committed). */
  afterAck?(result: R, message: T): Promise<void> | void;
}

/** How long the restart loop waits after an error before it tries again. */
const RESTART_DELAY_MS = 1000;
/** Dead-letter reasons and term reasons are cut to this length in the NATS protocol. */
const TERM_REASON_CHARS = 200;

/**
 * A durable JetStream pull consumer around a pure handler, the one way a service consumes:
 * creates the durable consumer or brings it to the configured settings, then decodes each
 * message, handles it and
 * - acks on success (then runs `afterAck`);
 * - naks with the one backoff policy on a transient failure;
 * - on a message that can never succeed (a decode error, a permanent error, or still failing at
 *   its `CONSUMER_MAX_DELIVER`-th delivery) records a dead letter, then terms it. When even the
 *   dead letter cannot be written it naks: no message is dropped without its record. JetStream's
 *   own `max_deliver` is therefore unlimited; the consumer counts deliveries itself.
 * An error of the subscription (NATS away, the consumer or stream deleted) restarts it after a
 * pause, for ever, until `stop()`. Counts delivered, redelivered, acked, naked, dead-lettered and
 * the lag in the service's metrics, and makes `/ready` answer 503 naming it while not consuming.
 */
export class DurableConsumer<T, R = void> {
  readonly #loop: ConsumeLoop;
  #lastPending = -1;
  readonly #metrics: ConsumerMetrics;
  readonly #stream: string;
  /** Messages handled and acknowledged, and those recorded as dead letters (since start). */
  handled = 0;
  deadLettered = 0;

  constructor(
    private readonly deps: ConsumerDeps,
    private readonly options: DurableConsumerOptions<T, R>,
  ) {
    this.#stream = streamName(options.stream, deps.natsPrefix);
    this.#metrics = consumerMetrics(deps.metrics);
    this.#loop = new ConsumeLoop({
      open: async () => {
        await this.ensure();
        const consumer = await deps.js.consumers.get(this.#stream, options.durable);
        // A deleted consumer or stream ends the iteration: the loop makes them again.
        return consumer.consume({ max_messages: options.batch ?? 64, abort_on_missing_resource: true });
      },
      read: async (messages) => {
        for await (const m of messages) await this.onMessage(m);
      },
      retryMs: () => RESTART_DELAY_MS,
      interrupted: (error) =>
        deps.log.warn(
          { err: error, consumer: options.durable, stream: this.#stream },
          'consumer interrupted; restarting',
        ),
    });
  }

  /** The stream's name with the service's prefix. */
  get stream(): string {
    return this.#stream;
  }

  get state(): ConsumerState {
    return this.#loop.state;
  }

  /** Creates the durable consumer, or brings an existing one to these settings. */
  async ensure(): Promise<void> {
    const { durable, settings } = this.options;
    const changeable = {
      ack_wait: nanos(settings.CONSUMER_ACK_WAIT_S * 1000),
      max_deliver: -1,
      max_ack_pending: this.options.maxAckPending ?? 1000,
    };
    const existing = await this.deps.jsm.consumers.info(this.#stream, durable).catch(() => undefined);
    if (existing) {
      const c = existing.config;
      if (
        c.ack_wait !== changeable.ack_wait ||
        c.max_deliver !== changeable.max_deliver ||
        c.max_ack_pending !== changeable.max_ack_pending
      )
        await this.deps.jsm.consumers.update(this.#stream, durable, changeable);
      return;
    }
    await this.deps.jsm.consumers.add(this.#stream, {
      durable_name: durable,
      filter_subject: this.options.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ...changeable,
    });
  }

  /**
   * Starts consuming; resolves once the consumer is consuming (it waits, retrying, while NATS
   * or the stream is not there yet), or at `stop()`.
   */
  async start(): Promise<void> {
    const { durable } = this.options;
    if (this.#loop.state === 'idle') {
      this.#metrics.lagReaders.set(durable, () => this.#lag());
      this.deps.addReadinessCheck?.(`consumer ${durable}`, async () => {
        const state = this.#loop.state;
        if (state !== 'consuming') throw new ReadinessFailure(state === 'stopped' ? 'stopped' : 'not consuming');
      });
    }
    return this.#loop.start();
  }

  /** Stops consuming; the message in hand is settled first. */
  async stop(): Promise<void> {
    await this.#loop.stop();
    this.#metrics.lagReaders.delete(this.options.durable);
  }

  async #lag(): Promise<number> {
    if (this.#loop.state === 'stopped') return this.#lastPending;
    const info = await this.deps.jsm.consumers.info(this.#stream, this.options.durable);
    return info.num_pending;
  }

  /** One message: never throws, always settles it (ack, nak, or dead letter then term). */
  async onMessage(m: JsMsg): Promise<void> {
    const { durable, settings } = this.options;
    const labels = { consumer: durable };
    const raw: ConsumedMessage = {
      subject: m.subject,
      data: m.data,
      header: (name) => m.headers?.get(name) || undefined,
      streamSeq: m.info.streamSequence,
      deliveryCount: m.info.deliveryCount,
    };
    this.#lastPending = m.info.pending;
    this.#metrics.delivered.inc(labels);
    if (raw.deliveryCount > 1) this.#metrics.redelivered.inc(labels);
    // Past its last delivery without a settlement (the process died, the ack wait passed, or the
    // dead letter could not be written): recorded without handling it once more.
    if (raw.deliveryCount > settings.CONSUMER_MAX_DELIVER)
      return this.#deadLetter(m, raw, 'GAVE_UP', `not settled after ${raw.deliveryCount - 1} deliveries`);
    let message: T;
    try {
      message = this.options.decode(raw);
    } catch (error) {
      return this.#deadLetter(m, raw, codeOf(error) ?? 'UNDECODABLE', messageOf(error));
    }
    let result: R;
    // A handler that takes longer than the ack wait tells JetStream it is still at work.
    const working = setInterval(() => m.working(), (settings.CONSUMER_ACK_WAIT_S * 1000) / 2);
    try {
      result = await this.options.handle(message, raw);
    } catch (error) {
      if (error instanceof UnusableMessageError || this.options.isPermanent?.(error))
        return this.#deadLetter(m, raw, codeOf(error) ?? (error as Error).name ?? 'PERMANENT', messageOf(error));
      if (raw.deliveryCount >= settings.CONSUMER_MAX_DELIVER)
        return this.#deadLetter(m, raw, 'GAVE_UP', `failed ${raw.deliveryCount} times: ${messageOf(error)}`);
      this.deps.log.warn(
        { err: error, consumer: durable, subject: m.subject, deliveries: raw.deliveryCount },
        'message handling failed; redelivery later',
      );
      this.#metrics.naked.inc(labels);
      m.nak(redeliveryDelayMs(settings, raw.deliveryCount));
      return;
    } finally {
      clearInterval(working);
    }
    m.ack();
    this.handled++;
    this.#metrics.acked.inc(labels);
    if (this.options.afterAck) {
      try {
        await this.options.afterAck(result, message);
      } catch (error) {
        this.deps.log.warn({ err: error, consumer: durable }, 'after-ack step failed (the message stays handled)');
      }
    }
  }

  async #deadLetter(m: JsMsg, raw: ConsumedMessage, code: string, reason: string): Promise<void> {
    const { durable, settings } = this.options;
    try {
      await insertDeadLetter(this.deps.db, this.options.deadLetters, {
        subject: raw.subject,
        streamSeq: raw.streamSeq,
        msgId: raw.header('Nats-Msg-Id') ?? null,
        deliveries: raw.deliveryCount,
        code,
        reason,
        payload: new TextDecoder().decode(raw.data),
      });
    } catch (error) {
      // Not even the record can be written: JetStream brings the message back later.
      this.deps.log.error(
        { err: error, consumer: durable, subject: raw.subject, code },
        'dead letter not recorded; redelivery later',
      );
      this.#metrics.naked.inc({ consumer: durable });
      m.nak(redeliveryDelayMs(settings, raw.deliveryCount));
      return;
    }
    this.deadLettered++;
    this.#metrics.deadLettered.inc({ consumer: durable, code });
    this.deps.log.warn({ consumer: durable, subject: raw.subject, seq: raw.streamSeq, code, reason }, 'dead-lettered');
    m.term(`${code}: ${reason}`.slice(0, TERM_REASON_CHARS));
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
