import type { Consumer, ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
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
  /** How often the watchdog asks the consumer whether it is there and delivering (default 5 s). */
  checkMs?: number;
}

/**
 * The messages stored on a stream from the moment it starts, read through a JetStream ordered
 * consumer: no ack, each message once and in order (the VTP relay of the alerts service). Unlike
 * a core subscription it misses nothing while the connection is away: after a reconnect, or when
 * its consumer was lost with a NATS node, the client makes the consumer again from the sequence
 * after the last one delivered. When the consumer gives up (the stream deleted, JetStream away too
 * long), the kit's {@link ConsumeLoop} opens a new one from that same sequence, after a pause.
 * A watchdog does the same when the consumer is gone or has stopped delivering what it holds.
 */
export class StreamTail {
  readonly #loop: ConsumeLoop;
  /** The stream sequence of the last message handed over: where a new consumer starts after. */
  #lastSeq: number | undefined;

  constructor(options: StreamTailOptions) {
    const { js, jsm, stream, filterSubject, log } = options;
    let thrown: unknown;
    let consumer: Consumer | undefined;
    // The watchdog. An ordered consumer lost with a NATS node was seen to stall for good in the
    // 3-node fault test (the library neither recovered nor ended it), and to take 45 s to recover
    // on one node: every `checkMs` the consumer is asked for its state, and the turn ends when it
    // is gone, when it cannot answer three times running, or when it holds messages for us and
    // none has come since the last check but one.
    const checkMs = options.checkMs ?? 5_000;
    let watched = { lastSeq: -1, stalls: 0, failures: 0 };
    const check = async (messages: ConsumerMessages) => {
      try {
        const info = await consumer!.info();
        const progressed = this.#lastSeq !== watched.lastSeq;
        const stalls = info.num_pending > 0 && !progressed ? watched.stalls + 1 : 0;
        watched = { lastSeq: this.#lastSeq ?? -1, stalls, failures: 0 };
        if (stalls >= 2)
          restart(
            messages,
            new Error(`stalled: ${info.num_pending} messages pending, none delivered for ${checkMs * 2} ms`),
          );
      } catch (error) {
        watched.failures++;
        if ((error as Error).message === 'consumer not found' || watched.failures >= 3) restart(messages, error);
      }
    };
    /** Ends the turn: the loop opens a new consumer after the last message handed over. */
    const restart = (messages: ConsumerMessages | undefined, error: unknown) => {
      thrown ??= error;
      void messages?.close();
    };
    this.#loop = new ConsumeLoop({
      open: async () => {
        thrown = undefined;
        watched = { lastSeq: this.#lastSeq ?? -1, stalls: 0, failures: 0 };
        // What is new at the first start; after that, what follows the last message handed over.
        this.#lastSeq ??= (await jsm.streams.info(stream)).state.last_seq;
        consumer = await js.consumers.get(stream, {
          filter_subjects: filterSubject,
          opt_start_seq: this.#lastSeq + 1,
        });
        let messages: ConsumerMessages | undefined;
        // A callback, not an async iterator (the handler is synchronous): no promise per message
        // at thousands of VOEvents a second.
        messages = await consumer.consume({
          max_messages: 1024,
          // Pulls of 10 s, so the library's heartbeats come every 5 s (not 15).
          expires: 10_000,
          callback: (m) => {
            if (thrown !== undefined) return;
            this.#lastSeq = m.info.streamSequence;
            try {
              options.onMessage(m);
            } catch (error) {
              restart(messages, error ?? new Error('onMessage threw'));
            }
          },
        });
        return messages;
      },
      read: async (messages) => {
        if (thrown !== undefined) await messages.close();
        const watchdog = setInterval(() => void check(messages), checkMs);
        try {
          await messages.closed();
        } finally {
          clearInterval(watchdog);
        }
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
