import {
  DeliverPolicy,
  JetStreamApiError,
  jetstream,
  type ConsumerMessages,
  type JetStreamClient,
} from '@nats-io/jetstream';
import { NoRespondersError, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import { PUBLIC_JS_API_PREFIX, streamName } from '@svom/contracts';
import { connectListener, type NatsListenOptions, noticeReader, reportConnection } from './nats-listener.js';
import type { NoticeSource, SourceHandlers } from './notice-source.js';

/** Where a replay starts: a time (`--since`) or a NOTICES stream sequence (`--from-seq`). */
export type ReplayStart = { time: Date } | { sequence: number };

/**
 * The notices of the NOTICES stream from a time or a sequence, then live, through a JetStream
 * ordered consumer: it hands each message once and in order, and after a disconnect (or a NATS
 * restart that lost the consumer) it makes a new one from the last sequence it handed, so
 * nothing is skipped or shown twice. Works as an outside subscriber (PUBLIC account, API prefix
 * `fsc.js.API`) and on a development server (plain `$JS.API`), whichever answers.
 */
export async function natsReplaySource(
  options: NatsListenOptions & { start: ReplayStart },
  handlers: SourceHandlers,
): Promise<NoticeSource> {
  const nc = await connectListener(options);
  const stream = streamName('NOTICES', options.prefix ?? '');
  const readNotice = noticeReader(options.prefix);
  const apiPrefix = await apiPrefixOf(nc, stream);
  const js = jetstream(nc, { apiPrefix });
  const { start } = options;
  const sequence =
    'time' in start ? await whileJetStreamBusy(() => sequenceAt(js, stream, start.time), handlers) : start.sequence;
  const consumer = await whileJetStreamBusy(() => js.consumers.get(stream, { opt_start_seq: sequence }), handlers);
  handlers.status(`replaying ${stream} from ${describe(options.start)} at ${nc.getServer()}`);
  reportConnection(nc, handlers, 'resuming the replay');
  // Short pulls (heartbeat every 5 s): a consumer lost with a NATS restart answers nothing across
  // the account import, so missed heartbeats are how the ordered consumer learns to make a new one.
  const messages: ConsumerMessages = await whileJetStreamBusy(() => consumer.consume({ expires: 10_000 }), handlers);
  void (async () => {
    for await (const status of messages.status()) {
      if (status.type === 'ordered_consumer_recreated')
        handlers.status(`replay consumer made again (${status.name}), from the last notice shown`);
      if (status.type === 'heartbeats_missed') handlers.status(`NATS silent for ${status.count} heartbeats`);
    }
  })().catch(() => {});
  const done = (async () => {
    for await (const message of messages) {
      try {
        handlers.notice(readNotice(message));
      } catch (cause) {
        handlers.status(
          `unreadable notice on ${message.subject} (#${message.seq}): ${cause instanceof Error ? cause.message : String(cause)}`,
        );
      }
    }
  })().catch((error: Error) => handlers.status(`replay stopped: ${error.message}`));
  return {
    async close() {
      await messages.close();
      await done;
      await nc.close();
    },
  };
}

/**
 * The first sequence at or after a time. An ordered consumer started by time cannot be made again
 * after a NATS restart (nats.js 3.4 keeps `opt_start_time` beside the new `opt_start_seq`, which the
 * server refuses, forever): so a probe consumer is made by time, and the server's starting point,
 * one past what it counts as delivered, is where the real one starts by sequence.
 */
async function sequenceAt(js: JetStreamClient, stream: string, time: Date): Promise<number> {
  const probe = await js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: time.toISOString(),
  });
  const info = await probe.info(true);
  await probe.delete().catch(() => false);
  return info.delivered.stream_seq + 1;
}

/**
 * Runs a JetStream API call again while JetStream does not answer in time (a timeout, or "temporarily
 * unavailable"): after a NATS node is lost the others elect new leaders for a few seconds, and a
 * listener started then should wait for them rather than stop. Anything else is thrown at once.
 */
async function whileJetStreamBusy<T>(call: () => Promise<T>, handlers: SourceHandlers, attempts = 12): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const busy =
        error instanceof TimeoutError || (error instanceof JetStreamApiError && /unavailable/i.test(error.message));
      if (!busy || attempt >= attempts) throw error;
      handlers.status(`JetStream did not answer (${(error as Error).message}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5000)));
    }
  }
}

/**
 * `fsc.js.API` where the PUBLIC account imports it, else the server's own `$JS.API`. Only "no
 * responders" means the import is not there (a development server): a timeout is JetStream busy,
 * e.g. electing new leaders after a node was lost, and the probe is tried again rather than
 * falling back to an API the PUBLIC account may not use.
 */
export async function apiPrefixOf(nc: NatsConnection, stream: string, attempts = 5, timeoutMs = 3000): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      await nc.request(`${PUBLIC_JS_API_PREFIX}.STREAM.INFO.${stream}`, '', { timeout: timeoutMs });
      return PUBLIC_JS_API_PREFIX;
    } catch (error) {
      const noResponders =
        error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders());
      if (noResponders || attempt >= attempts) return '$JS.API';
    }
  }
}

function describe(start: ReplayStart): string {
  return 'time' in start ? start.time.toISOString() : `sequence ${start.sequence}`;
}

/** `--since`: an ISO 8601 time, or a duration back from now (`90s`, `30m`, `1h`, `2d`). */
export function parseSince(text: string, now = new Date()): Date {
  const duration = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  if (duration?.[1] && duration[2]) {
    const unitMs = { s: 1e3, m: 60e3, h: 3600e3, d: 86_400e3 }[duration[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(duration[1]) * unitMs);
  }
  const time = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time.getTime()))
    throw new Error(`expected an ISO 8601 time (2026-03-14T02:00:00Z) or a duration (30m, 1h, 2d), got ${text}`);
  return time;
}
