import {
  createInbox,
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';

interface Waiting {
  resolve(): void;
  reject(error: Error): void;
  deadline: number;
}

/** What {@link JetStreamAcks.publish} sends besides the subject and payload. */
export interface AckedPublishOptions {
  /** `Nats-Msg-Id`: the stream stores a message offered twice once, within its duplicate window. */
  msgId: string;
  /** Further NATS headers. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Reject when no PubAck came in this time. */
  timeoutMs: number;
}

/**
 * JetStream publishes whose acknowledgements all come back on one wildcard inbox. `js.publish`
 * makes a muxed request per message and, with the client's async traces on (the default), builds
 * two Error objects with stack traces for each: about a tenth of the event loop at thousands of
 * messages/s. A publish resolves only on a PubAck naming a stream (a duplicate `Nats-Msg-Id`
 * included), exactly as `js.publish` does; an error reply, no responders or the deadline reject.
 */
export class JetStreamAcks {
  readonly #inbox: string;
  #subscription: Subscription | undefined;
  readonly #waiting = new Map<string, Waiting>();
  #next = 0;
  #sweep: NodeJS.Timeout | undefined;

  constructor(private readonly nc: NatsConnection) {
    this.#inbox = createInbox();
  }

  /** Resolves once JetStream stored the message (or already had its `Nats-Msg-Id`). */
  publish(subject: string, payload: string, options: AckedPublishOptions): Promise<void> {
    this.#subscription ??= this.nc.subscribe(`${this.#inbox}.*`, {
      callback: (error, msg) => {
        if (error === null) this.#answer(msg);
      },
    });
    const token = String(this.#next++);
    const h = natsHeaders();
    h.set('Nats-Msg-Id', options.msgId);
    if (options.headers) for (const [k, v] of Object.entries(options.headers)) h.set(k, v);
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(token, { resolve, reject, deadline: Date.now() + options.timeoutMs });
      this.#sweep ??= setInterval(() => this.#expire(), 100).unref();
      try {
        this.nc.publish(subject, payload, { reply: `${this.#inbox}.${token}`, headers: h });
      } catch (error) {
        this.#waiting.delete(token);
        reject(error as Error);
      }
    });
  }

  /** Stops listening for acks; what still waits for one is rejected. */
  close(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    for (const w of this.#waiting.values()) w.reject(new Error('JetStream acks closed'));
    this.#waiting.clear();
  }

  #answer(msg: Msg): void {
    const token = msg.subject.slice(this.#inbox.length + 1);
    const waiting = this.#waiting.get(token);
    if (waiting === undefined) return; // too late: already rejected, the outbox offers it again
    this.#waiting.delete(token);
    if (msg.data.length === 0 && msg.headers?.code === 503)
      return waiting.reject(new Error('no JetStream stream for this subject (no responders)'));
    let ack: { stream?: string; error?: { code?: number; description?: string } };
    try {
      ack = msg.json();
    } catch {
      return waiting.reject(new Error('JetStream answered with something that is not a PubAck'));
    }
    if (ack.error !== undefined || !ack.stream)
      return waiting.reject(
        new Error(`JetStream refused the message: ${ack.error?.description ?? 'invalid ack response'}`),
      );
    waiting.resolve();
  }

  #expire(): void {
    const now = Date.now();
    for (const [token, w] of this.#waiting) {
      if (w.deadline <= now) {
        this.#waiting.delete(token);
        w.reject(new Error('no JetStream ack in time'));
      }
    }
    if (this.#waiting.size === 0) {
      clearInterval(this.#sweep);
      this.#sweep = undefined;
    }
  }
}
