import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamName, type Subjects } from '@svom/contracts';
import { RecentIds, StreamTail } from '@svom/service-kit';
import { VtpBroker, VtpReceiver, type VtpLogger } from '@svom/vtp';
import { WatchedSubscriberFilters } from './subscriber-filters.watch.js';
import type { VtpEventStore } from './vtp-event.store.js';
import { XsdValidatorPool } from './xsd-validator.pool.js';

/** What the gateway takes of the service's NATS (a service app has all of it). */
export interface VtpGatewayNats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The service's stream prefix: the VOEvents are read from its `ALERTS`. */
  prefix: string;
  subjects: Subjects;
}

export interface VtpGatewayOptions {
  host: string;
  subscriberPort: number;
  authorPort: number;
  subscribers: string[];
  authors: string[];
  localIvorn: string;
  iamaliveIntervalMs: number;
  /** JSON file of per-subscriber filters (`VTP_FILTERS_FILE`), read again when it changes; none: every event to everyone. */
  filtersFile?: string | undefined;
  /** How often the filter file is checked for changes (default 2 s). */
  filtersPollMs?: number;
  /** Resource limits of both ports; each absent one takes the library's default. */
  limits?: VtpLimits;
}

/** The settings `VTP_MAX_*`, `VTP_FRAME_DEADLINE_MS`, `VTP_AUTHOR_*` (services/alerts/README.md). */
export interface VtpLimits {
  maxSubscribers?: number | undefined;
  maxSubscribersPerAddress?: number | undefined;
  maxAuthorConnections?: number | undefined;
  maxAuthorConnectionsPerAddress?: number | undefined;
  frameDeadlineMs?: number | undefined;
  maxEventBytes?: number | undefined;
  authorRatePerS?: number | undefined;
  authorBurst?: number | undefined;
}

/** Room left for the headers of an outbox publish (Nats-Msg-Id and the protocol line fit in far less). */
export const NATS_HEADER_ALLOWANCE_BYTES = 4096;

/** Events from NATS not relayed by this instance, by reason (the broker counts what it refuses itself). */
export interface VtpGatewayStats {
  fanOutErrors: number;
}

/** Events written to the subscribers per event-loop turn. */
const FAN_OUT_SLICE = 16;

/**
 * Both VTP ports of this instance. Every VOEvent stored on `ALERTS` under `svom.alerts.voevent.>`
 * (our notices, and authors' events accepted by any instance) goes to every subscriber of every
 * instance: each broker reads the stream itself rather than being called by the handler that made
 * the notice. It reads it through an ordered consumer, not a core subscription, so what is stored
 * while its NATS connection is away (its node lost, the client moving to another) is relayed once
 * it is back rather than never (deploy/README.md, window (2)).
 */
export class VtpGateway {
  readonly broker: VtpBroker;
  readonly receiver: VtpReceiver;
  readonly xsd: XsdValidatorPool;
  readonly filters: WatchedSubscriberFilters | undefined;
  readonly #tail: StreamTail;
  #backlog: string[] = [];
  #fanOutErrors = 0;
  /** Ids of the events fanned out lately: a republished one is not sent twice. */
  readonly #published = new RecentIds(10_000);
  readonly #logger: VtpLogger;
  ports = { subscribers: 0, authors: 0 };

  constructor(
    private readonly nats: VtpGatewayNats,
    store: VtpEventStore,
    options: VtpGatewayOptions,
    logger: VtpLogger,
  ) {
    this.#logger = logger;
    this.#tail = new StreamTail({
      js: nats.js,
      jsm: nats.jsm,
      stream: streamName('ALERTS', nats.prefix),
      filterSubject: nats.subjects.alerts.voevents,
      onMessage: (m) => this.#relay(m),
      log: logger,
    });
    const limits = options.limits ?? {};
    this.filters = options.filtersFile
      ? new WatchedSubscriberFilters(options.filtersFile, logger, options.filtersPollMs)
      : undefined;
    this.broker = new VtpBroker({
      host: options.host,
      port: options.subscriberPort,
      allowlist: options.subscribers,
      localIvorn: options.localIvorn,
      iamaliveIntervalMs: options.iamaliveIntervalMs,
      maxConnections: limits.maxSubscribers,
      maxConnectionsPerAddress: limits.maxSubscribersPerAddress,
      frameDeadlineMs: limits.frameDeadlineMs,
      logger,
      ...(this.filters && { filter: this.filters.accepts }),
    });
    const xsd = (this.xsd = new XsdValidatorPool(undefined, logger));
    this.receiver = new VtpReceiver({
      host: options.host,
      port: options.authorPort,
      allowlist: options.authors,
      localIvorn: options.localIvorn,
      maxConnections: limits.maxAuthorConnections,
      maxConnectionsPerAddress: limits.maxAuthorConnectionsPerAddress,
      frameDeadlineMs: limits.frameDeadlineMs,
      maxEventBytes: limits.maxEventBytes,
      ratePerS: limits.authorRatePerS,
      burst: limits.authorBurst,
      logger,
      validate: async (xml) => {
        const result = await xsd.validate(xml);
        return result.valid
          ? { valid: true }
          : { valid: false, errors: result.errors.map((e) => `line ${e.line}: ${e.message}`) };
      },
      accept: (ivorn, xml, { remoteAddress }) => store.accept(ivorn, xml, remoteAddress),
    });
  }

  /**
   * Opens both ports; resolves once the VOEvents are read from the stream (retrying, logged,
   * while JetStream or `ALERTS` is not there), or at `stop()`.
   * @throws Error when the largest event accepted would not fit in a NATS message: it would be
   *   acked, then offered from the outbox for ever (and hold back the rows behind it).
   */
  async start(): Promise<void> {
    const maxPayload = this.nats.nc.info?.max_payload;
    if (maxPayload !== undefined && this.receiver.maxEventBytes > maxPayload - NATS_HEADER_ALLOWANCE_BYTES) {
      throw new Error(
        `VTP_MAX_EVENT_BYTES (${this.receiver.maxEventBytes}) must be at most NATS max_payload (${maxPayload}) less ${NATS_HEADER_ALLOWANCE_BYTES} bytes of headers: an accepted event must be publishable`,
      );
    }
    this.xsd.start();
    this.filters?.start();
    // Not awaited before the ports open: while JetStream is away the tail retries, and the author
    // port takes events all the same (they wait in the outbox).
    const tailing = this.#tail.start();
    this.ports = { subscribers: await this.broker.listen(), authors: await this.receiver.listen() };
    await tailing;
  }

  /** True while the VOEvents are read from the stream (`/ready` says `not relaying` otherwise). */
  get relaying(): boolean {
    return this.#tail.state === 'consuming';
  }

  #relay(m: JsMsg): void {
    // What the stream hands over must not stop the tail: a fault is counted and logged.
    try {
      // JetStream stores a republished row once (Nats-Msg-Id within its duplicate window); an
      // event published again past that window, or under another subject, is still sent once.
      const id = m.headers?.get('Nats-Msg-Id');
      if (id && !this.#published.add(id)) return;
      this.#fanOut(m.string());
    } catch (thrown) {
      this.#fanOutFailed(thrown);
    }
  }

  /**
   * The stream hands over a whole burst at once (a store transaction's events, published together,
   * or what was stored while the connection was away). Written in one go, hundreds of events would
   * pile up on every subscriber socket past the broker's high-water mark and get healthy
   * subscribers dropped as slow; a slice per event-loop turn lets the sockets drain in between.
   */
  #fanOut(xml: string): void {
    this.#backlog.push(xml);
    if (this.#backlog.length === 1) setImmediate(() => this.#fanOutSlice());
  }

  #fanOutSlice(): void {
    const slice = this.#backlog.splice(0, FAN_OUT_SLICE);
    for (const xml of slice) {
      try {
        this.broker.publish(xml);
      } catch (error) {
        this.#fanOutFailed(error);
      }
    }
    if (this.#backlog.length > 0) setImmediate(() => this.#fanOutSlice());
  }

  #fanOutFailed(error: unknown): void {
    this.#fanOutErrors++;
    this.#logger.warn({ err: error }, 'VOEvent not relayed to VTP subscribers: fan-out failed');
  }

  stats(): VtpGatewayStats {
    return { fanOutErrors: this.#fanOutErrors };
  }

  async stop(): Promise<void> {
    await this.#tail.stop();
    await Promise.all([this.receiver.close(), this.broker.close()]);
    await this.xsd.close();
    this.filters?.stop();
  }
}
