import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { VtpLogger } from '@svom/vtp';

/** Where a tail is: only `tailing` reads the stream. */
export type StreamTailState = 'idle' | 'starting' | 'tailing' | 'restarting' | 'stopped';

export interface StreamTailOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The stream's full name (with the service's prefix). */
  stream: string;
  /** One subject filter (nats-server 2.9 takes one per consumer). */
  filterSubject: string;
  /** Each message, in stream order, once. Should it throw, the tail starts again after that message. */
  onMessage(message: JsMsg): void;
  log: VtpLogger;
  /** The first pause after a failure, doubled at each one that follows up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * The messages stored on a stream from the moment it starts, read through a JetStream ordered
 * consumer: no ack, each message once and in order. Unlike a core subscription it misses nothing
 * while the connection is away: after a reconnect, or when its consumer was lost with a NATS
 * node, the client makes the consumer again from the sequence after the last one delivered. When
 * the consumer gives up (the stream deleted, JetStream away too long), the tail makes a new one
 * from that same sequence, after a pause, for ever, until `stop()`.
 */
export class StreamTail {
  #state: StreamTailState = 'idle';
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #started: Promise<void> | undefined;
  #markStarted: () => void = () => {};
  /** The stream sequence of the last message handed over: where a new consumer starts after. */
  #lastSeq: number | undefined;

  constructor(private readonly options: StreamTailOptions) {}

  get state(): StreamTailState {
    return this.#state;
  }

  /** Resolves once tailing (retrying while JetStream or the stream is not there yet), or at `stop()`. */
  start(): Promise<void> {
    if (this.#started) return this.#started;
    this.#started = new Promise<void>((resolve) => (this.#markStarted = resolve));
    this.#state = 'starting';
    this.#loop = this.#run();
    return this.#started;
  }

  async stop(): Promise<void> {
    this.#state = 'stopped';
    this.#markStarted();
    this.#wake?.();
    await this.#messages?.close().catch(() => undefined);
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { js, jsm, stream, filterSubject, log } = this.options;
    let failures = 0;
    while (!this.#stopped()) {
      try {
        // What is new at the first start; after that, what follows the last message handed over.
        this.#lastSeq ??= (await jsm.streams.info(stream)).state.last_seq;
        const consumer = await js.consumers.get(stream, {
          filter_subjects: filterSubject,
          opt_start_seq: this.#lastSeq + 1,
        });
        // A callback, not an async iterator (the handler is synchronous): no promise per message
        // at thousands of VOEvents a second.
        let thrown: unknown;
        const messages = await consumer.consume({
          max_messages: 1024,
          callback: (m) => {
            if (thrown !== undefined) return;
            this.#lastSeq = m.info.streamSequence;
            try {
              this.options.onMessage(m);
            } catch (error) {
              // Start again after this message (handing it over again could fail for ever).
              thrown = error ?? new Error('onMessage threw');
              void messages.close();
            }
          },
        });
        this.#messages = messages;
        if (this.#stopped()) break;
        this.#state = 'tailing';
        this.#markStarted();
        failures = 0;
        const ended = await messages.closed();
        if (this.#stopped()) break;
        throw thrown ?? (ended instanceof Error ? ended : new Error('the ordered consumer ended'));
      } catch (error) {
        if (this.#stopped()) break;
        this.#state = 'restarting';
        const retryMs = Math.min((this.options.retryMs ?? 500) * 2 ** failures++, this.options.maxRetryMs ?? 10_000);
        log.warn(
          { err: error, stream, filterSubject, afterSeq: this.#lastSeq, retryMs },
          'stream tail interrupted; starting again',
        );
        await this.#messages?.close().catch(() => undefined);
        await this.#pause(retryMs);
      }
    }
    // stop() may have come while the consumer was being made: it is closed here.
    await this.#messages?.close().catch(() => undefined);
  }

  // A method, not a field comparison: the state changes under the loop's awaits.
  #stopped(): boolean {
    return this.#state === 'stopped';
  }

  #pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
