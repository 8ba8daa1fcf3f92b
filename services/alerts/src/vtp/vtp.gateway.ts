import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Subjects } from '@svom/contracts';
import { RecentIds } from '@svom/service-kit';
import { VtpBroker, VtpReceiver, type VtpLogger } from '@svom/vtp';
import { WatchedSubscriberFilters } from './subscriber-filters.watch.js';
import type { VtpEventStore } from './vtp-event.store.js';
import { XsdValidatorPool } from './xsd-validator.pool.js';

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
 * Both VTP ports of this instance. Every VOEvent on `svom.alerts.voevent.>` (our notices, and
 * authors' events accepted by any instance) goes to every subscriber of every instance: each
 * broker listens to NATS itself rather than being called by the handler that made the notice.
 */
export class VtpGateway {
  readonly broker: VtpBroker;
  readonly receiver: VtpReceiver;
  readonly xsd: XsdValidatorPool;
  readonly filters: WatchedSubscriberFilters | undefined;
  #subscription: Subscription | undefined;
  #backlog: string[] = [];
  #fanOutErrors = 0;
  readonly #logger: VtpLogger;
  ports = { subscribers: 0, authors: 0 };

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    store: VtpEventStore,
    options: VtpGatewayOptions,
    logger: VtpLogger,
  ) {
    this.#logger = logger;
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
   * @throws Error when the largest event accepted would not fit in a NATS message: it would be
   *   acked, then offered from the outbox for ever (and hold back the rows behind it).
   */
  async start(): Promise<void> {
    const maxPayload = this.nc.info?.max_payload;
    if (maxPayload !== undefined && this.receiver.maxEventBytes > maxPayload - NATS_HEADER_ALLOWANCE_BYTES) {
      throw new Error(
        `VTP_MAX_EVENT_BYTES (${this.receiver.maxEventBytes}) must be at most NATS max_payload (${maxPayload}) less ${NATS_HEADER_ALLOWANCE_BYTES} bytes of headers: an accepted event must be publishable`,
      );
    }
    this.xsd.start();
    this.filters?.start();
    this.#subscription = this.nc.subscribe(this.subjects.alerts.voevents, {
      callback: (error, msg) => {
        // A NATS callback that throws would reach the process's top: log it and go on.
        try {
          if (error) return;
          // A core subscription sees every publish, and the outbox publishes a row again when its
          // ack came late: JetStream stores it once (Nats-Msg-Id), so must VTP send it once.
          const id = msg.headers?.get('Nats-Msg-Id');
          if (id && !this.#published.add(id)) return;
          this.#fanOut(msg.string());
        } catch (thrown) {
          this.#fanOutFailed(thrown);
        }
      },
    });
    this.ports = { subscribers: await this.broker.listen(), authors: await this.receiver.listen() };
  }

  /**
   * NATS hands over a whole burst at once (a store transaction's events, published together).
   * Written in one go, hundreds of events would pile up on every subscriber socket past the
   * broker's high-water mark and get healthy subscribers dropped as slow; a slice per
   * event-loop turn lets the sockets drain in between.
   */
  /** Ids of the events fanned out lately: a republished one is not sent twice. */
  readonly #published = new RecentIds(10_000);

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
    this.#subscription?.unsubscribe();
    await Promise.all([this.receiver.close(), this.broker.close()]);
    await this.xsd.close();
    this.filters?.stop();
  }
}
