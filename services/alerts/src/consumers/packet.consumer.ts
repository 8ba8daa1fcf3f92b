import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { streamName, type Subjects } from '@svom/contracts';
import { AstroError } from '@svom/astro';
import { VoEventError } from '@svom/voevent';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { insertDeadLetter } from '../db/packet.repository.js';
import type { AlertsTables } from '../db/tables.js';
import { handlePacket, type HandleResult } from '../bursts/packet.handler.js';
import { parsePacketMessage, UnusablePacketError } from '../bursts/packet-input.js';

export interface PacketConsumerOptions {
  /** Durable name, shared by every instance: they split the packets between them. */
  name: string;
  prefix: string;
  ackWaitS: number;
  maxDeliver: number;
}

/** Redelivery delay after a transient fault: 0.5 s doubling, at most 30 s. */
export const retryDelayMs = (deliveryCount: number) => Math.min(30_000, 500 * 2 ** Math.max(0, deliveryCount - 1));

/**
 * The durable JetStream pull consumer of `svom.vhf.packet.>` around the pure handling of one
 * packet: decode and check, handle in one transaction, ack, publish the outbox. A transient fault
 * (database away) naks with a growing delay; a packet that can never make a notice (bad body,
 * bad fields, a notice the vocabulary refuses) is acknowledged with `term` and kept in
 * `alerts.dead_letters` with its reason, so it neither blocks nor loops.
 */
export class PacketConsumer {
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  #stopped = false;
  handled = 0;
  deadLettered = 0;

  constructor(
    private readonly deps: {
      db: Kysely<AlertsTables>;
      js: JetStreamClient;
      jsm: JetStreamManager;
      subjects: Subjects;
      log: FastifyBaseLogger;
    },
    private readonly options: PacketConsumerOptions,
    private readonly onHandled: (result: HandleResult) => Promise<void>,
  ) {}

  /** Creates the durable consumer, or brings it to this configuration. */
  async ensure(): Promise<void> {
    const stream = streamName('VHF', this.options.prefix);
    const config = {
      durable_name: this.options.name,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(this.options.ackWaitS * 1000),
      max_deliver: this.options.maxDeliver,
      // NATS 2.9: one filter subject per consumer.
      filter_subject: this.deps.subjects.vhf.packets,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 1000,
    };
    const existing = await this.deps.jsm.consumers.info(stream, this.options.name).catch(() => undefined);
    if (existing)
      await this.deps.jsm.consumers.update(stream, this.options.name, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    else await this.deps.jsm.consumers.add(stream, config);
  }

  async start(): Promise<void> {
    await this.ensure();
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        const consumer = await this.deps.js.consumers.get(streamName('VHF', this.options.prefix), this.options.name);
        this.#messages = await consumer.consume({ max_messages: 256 });
        for await (const m of this.#messages) await this.onMessage(m);
      } catch (error) {
        if (this.#stopped) return;
        this.deps.log.warn({ err: error }, 'packet consumer interrupted; resuming');
      }
      if (!this.#stopped) await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** One message: never throws, always settles it (ack, nak or term). */
  async onMessage(m: JsMsg): Promise<void> {
    let parsed;
    try {
      parsed = parsePacketMessage(m.data);
    } catch (error) {
      await this.deadLetter(
        m,
        error instanceof UnusablePacketError ? error.code : 'NOT_A_PACKET',
        (error as Error).message,
      );
      return;
    }
    try {
      const result = await handlePacket(this.deps.db, this.deps.subjects, parsed);
      m.ack();
      this.handled++;
      await this.onHandled(result);
    } catch (error) {
      if (isPermanent(error)) {
        await this.deadLetter(m, (error as { code?: string }).code ?? (error as Error).name, (error as Error).message);
      } else if (m.info.deliveryCount >= this.options.maxDeliver) {
        await this.deadLetter(
          m,
          'GAVE_UP',
          `still failing after ${m.info.deliveryCount} deliveries: ${(error as Error).message}`,
        );
      } else {
        this.deps.log.warn(
          { err: error, subject: m.subject, deliveries: m.info.deliveryCount },
          'packet handling failed; redelivery later',
        );
        m.nak(retryDelayMs(m.info.deliveryCount));
      }
    }
  }

  private async deadLetter(m: JsMsg, code: string, reason: string): Promise<void> {
    try {
      await insertDeadLetter(this.deps.db, {
        subject: m.subject,
        stream_seq: m.info.streamSequence,
        msg_id: m.headers?.get('Nats-Msg-Id') || null,
        deliveries: m.info.deliveryCount,
        code,
        reason,
        payload: m.string(),
      });
    } catch (error) {
      // Not even the dead letter can be written: let JetStream bring it back later.
      this.deps.log.warn({ err: error }, 'dead letter not recorded; redelivery later');
      m.nak(retryDelayMs(m.info.deliveryCount));
      return;
    }
    this.deadLettered++;
    this.deps.log.warn({ subject: m.subject, code, reason }, 'packet dead-lettered');
    m.term(`${code}: ${reason}`.slice(0, 200));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#messages?.close().catch(() => undefined);
    await this.#loop;
  }
}

/** Errors no redelivery can cure: the same input would fail the same way. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof UnusablePacketError ||
    error instanceof VoEventError ||
    error instanceof AstroError ||
    error instanceof RangeError
  );
}
