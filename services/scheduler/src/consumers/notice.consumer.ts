/**
 * The durable JetStream consumer of `svom.alerts.notice.>` (named CONSUMER_NAME, shared by every
 * copy of the service): explicit ack, a bounded number of deliveries, and a dead-letter row for
 * a notice that can never be handled. It waits for the ALERTS stream when alerts is not up yet.
 */
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { streamName, type Subjects } from '@svom/contracts';
import type { OutboxRow } from '@svom/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { recordDeadLetter } from '../db/interruption.repository.js';
import type { GpTables } from '../db/tables.js';
import { interrupt } from '../plans/interruption.service.js';
import type { PlanContext } from '../plans/plan.service.js';
import { decodeNotice } from './slewing-notice.js';

export interface NoticeConsumerOptions {
  ctx: PlanContext;
  jsm: JetStreamManager;
  js: JetStreamClient;
  prefix: string;
  subjects: Subjects;
  durable: string;
  log: FastifyBaseLogger;
  /** Offers an interruption's committed messages to JetStream; what fails stays in the outbox. */
  publish(rows: OutboxRow[]): Promise<void>;
}

const RETRY_MS = 2000;
const MAX_DELIVER = 5;

export function startNoticeConsumer(options: NoticeConsumerOptions): { ready: Promise<void>; stop(): Promise<void> } {
  let stopped = false;
  let messages: ConsumerMessages | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const stream = streamName('ALERTS', options.prefix);
  const loop = (async () => {
    while (!stopped) {
      try {
        await ensureConsumer(options, stream);
        const consumer = await options.js.consumers.get(stream, options.durable);
        messages = await consumer.consume({ max_messages: 4 });
        markReady();
        for await (const m of messages) {
          const decoded = decodeNotice(m.subject, m.headers, m.data);
          if (decoded.kind === 'ignore') {
            m.ack();
            continue;
          }
          if (decoded.kind === 'invalid') {
            await deadLetter(options.ctx.db, m.subject, m.seq, decoded.why, m.data, options.log);
            m.term(decoded.why);
            continue;
          }
          try {
            const result = await interrupt(options.ctx, decoded.slewing);
            // Committed: the notice is done whatever becomes of the publish (the outbox keeps it).
            m.ack();
            if (result.outcome === 'replanned') await options.publish(result.outbox);
          } catch (error) {
            options.log.error(
              { err: error, burstId: decoded.slewing.burstId, delivery: m.info.deliveryCount },
              'interruption failed; retrying',
            );
            if (m.info.deliveryCount >= MAX_DELIVER) {
              await deadLetter(
                options.ctx.db,
                m.subject,
                m.seq,
                `failed ${MAX_DELIVER} times: ${(error as Error).message}`,
                m.data,
                options.log,
              );
              m.term('gave up');
            } else m.nak(RETRY_MS * m.info.deliveryCount);
          }
        }
      } catch (error) {
        if (stopped) break;
        options.log.warn({ err: error, stream }, 'notice consumer not running yet; retrying');
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  })();
  return {
    ready,
    async stop() {
      stopped = true;
      await messages?.close().catch(() => undefined);
      await loop;
    },
  };
}

async function ensureConsumer(options: NoticeConsumerOptions, stream: string): Promise<void> {
  const existing = await options.jsm.consumers.info(stream, options.durable).catch(() => undefined);
  if (existing) return;
  await options.jsm.consumers.add(stream, {
    durable_name: options.durable,
    filter_subject: options.subjects.alerts.notices,
    ack_policy: AckPolicy.Explicit,
    // A new consumer starts from now: past slewing notices must not interrupt today's plan.
    deliver_policy: DeliverPolicy.New,
    ack_wait: 60 * 1e9,
    max_deliver: MAX_DELIVER + 1,
  });
}

async function deadLetter(
  db: Kysely<GpTables>,
  subject: string,
  seq: number,
  reason: string,
  data: Uint8Array,
  log: FastifyBaseLogger,
): Promise<void> {
  log.warn({ subject, seq, reason }, 'notice dead-lettered');
  await recordDeadLetter(db, { subject, streamSeq: seq, reason, payload: new TextDecoder().decode(data) }).catch(
    (error) => log.error({ err: error }, 'dead letter not recorded'),
  );
}
