import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { ConsumeLoop, type ConsumerState } from './consume-loop.js';

/** Where a tail's log lines go (a pino logger fits). */
interface TailLogger {
  warn(obj: object, msg: string): void;
}

export interface StreamTailOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The stream's full name (with the service's prefix). */
  stream: string;
  /** One subject filter (nats-server 2.9 takes one per consumer). */
  filterSubject: string;
  /**
   * Each message, in stream order, once; synchronous. Should it throw, the tail starts again
   * after that message (handing it over again could fail for ever).
   */
  onMessage(message: JsMsg): void;
  log: TailLogger;
  /** The first pause after a failure, doubled at each one that follows up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * The messages stored on a stream from the moment it starts, read through a JetStream ordered
 * consumer: no ack, each message once and in order (the VTP relay of the alerts service). Unlike
 * a core subscription it misses nothing while the connection is away: after a reconnect, or when
 * its consumer was lost with a NATS node, the client makes the consumer again from the sequence
 * after the last one delivered. When the consumer gives up (the stream deleted, JetStream away too
 * long), the kit's {@link ConsumeLoop} opens a new one from that same sequence, after a pause.
 */
export class StreamTail {
  readonly #loop: ConsumeLoop;
  /** The stream sequence of the last message handed over: where a new consumer starts after. */
  #lastSeq: number | undefined;

  constructor(options: StreamTailOptions) {
    const { js, jsm, stream, filterSubject, log } = options;
    let thrown: unknown;
    this.#loop = new ConsumeLoop({
      open: async () => {
        thrown = undefined;
        // What is new at the first start; after that, what follows the last message handed over.
        this.#lastSeq ??= (await jsm.streams.info(stream)).state.last_seq;
        const consumer = await js.consumers.get(stream, {
          filter_subjects: filterSubject,
          opt_start_seq: this.#lastSeq + 1,
        });
        let messages: ConsumerMessages | undefined;
        // A callback, not an async iterator (the handler is synchronous): no promise per message
        // at thousands of VOEvents a second.
        messages = await consumer.consume({
          max_messages: 1024,
          callback: (m) => {
            if (thrown !== undefined) return;
            this.#lastSeq = m.info.streamSequence;
            try {
              options.onMessage(m);
            } catch (error) {
              thrown = error ?? new Error('onMessage threw');
              void messages?.close();
            }
          },
        });
        return messages;
      },
      read: async (messages) => {
        if (thrown !== undefined) await messages.close();
        await messages.closed();
        if (thrown !== undefined) throw thrown;
      },
      retryMs: (failures) => Math.min((options.retryMs ?? 500) * 2 ** failures, options.maxRetryMs ?? 10_000),
      interrupted: (error, retryMs) =>
        log.warn(
          { err: error, stream, filterSubject, afterSeq: this.#lastSeq, retryMs },
          'stream tail interrupted; starting again',
        ),
    });
  }

  get state(): ConsumerState {
    return this.#loop.state;
  }

  /** Resolves once tailing (retrying while JetStream or the stream is not there yet), or at `stop()`. */
  start(): Promise<void> {
    return this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
