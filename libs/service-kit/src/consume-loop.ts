import type { ConsumerMessages } from '@nats-io/jetstream';

/** Where a JetStream reader is: only `consuming` reads its stream. */
export type ConsumerState = 'idle' | 'starting' | 'consuming' | 'restarting' | 'stopped';

/** What a reader does at each turn of its {@link ConsumeLoop}. */
export interface ConsumeLoopSteps {
  /** Makes or finds the consumer and opens its messages; what it throws is a failed turn. */
  open(): Promise<ConsumerMessages>;
  /**
   * Reads the messages until they end (an iterator runs out) or, for a callback consumer, until
   * they close; what it throws ends the turn as a failure.
   */
  read(messages: ConsumerMessages): Promise<void>;
  /** The pause after the `failures`-th failed turn in a row (0 for the first). */
  retryMs(failures: number): number;
  /** Told of each failed turn, before the pause (to log it). */
  interrupted(error: unknown, retryMs: number): void;
}

/**
 * The loop every JetStream reader of the kit runs (`DurableConsumer`, `StreamTail`): open the
 * consumer's messages, read them until they end, and when they end or anything fails (NATS away,
 * the consumer or the stream deleted), close them, pause and open them again, for ever, until
 * `stop()`.
 */
export class ConsumeLoop {
  #state: ConsumerState = 'idle';
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  /** Resolves once consuming for the first time, or at stop. */
  #started: Promise<void> | undefined;
  #markStarted: () => void = () => {};

  constructor(private readonly steps: ConsumeLoopSteps) {}

  get state(): ConsumerState {
    return this.#state;
  }

  /** Resolves once the messages are read (retrying while NATS or the stream is not there yet), or at `stop()`. */
  start(): Promise<void> {
    if (this.#started) return this.#started;
    this.#started = new Promise<void>((resolve) => (this.#markStarted = resolve));
    this.#state = 'starting';
    this.#loop = this.#run();
    return this.#started;
  }

  /** Closes the messages and waits for the turn in hand to end. */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    this.#markStarted();
    this.#wake?.();
    await this.#messages?.close().catch(() => undefined);
    await this.#loop;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped()) {
      try {
        const messages = await this.steps.open();
        this.#messages = messages;
        if (this.#stopped()) break;
        this.#state = 'consuming';
        this.#markStarted();
        failures = 0;
        await this.steps.read(messages);
        const ended = await messages.closed();
        if (this.#stopped()) break;
        throw ended instanceof Error ? ended : new Error("the consumer's messages ended");
      } catch (error) {
        if (this.#stopped()) break;
        this.#state = 'restarting';
        const retryMs = this.steps.retryMs(failures++);
        this.steps.interrupted(error, retryMs);
        await this.#messages?.close().catch(() => undefined);
        await this.#pause(retryMs);
      }
    }
    // stop() may have come while the messages were being opened: they are closed here.
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
