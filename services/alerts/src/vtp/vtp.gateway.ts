import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Subjects } from '@svom/contracts';
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
  ports = { subscribers: 0, authors: 0 };

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    store: VtpEventStore,
    options: VtpGatewayOptions,
    logger: VtpLogger,
  ) {
    this.filters = options.filtersFile
      ? new WatchedSubscriberFilters(options.filtersFile, logger, options.filtersPollMs)
      : undefined;
    this.broker = new VtpBroker({
      host: options.host,
      port: options.subscriberPort,
      allowlist: options.subscribers,
      localIvorn: options.localIvorn,
      iamaliveIntervalMs: options.iamaliveIntervalMs,
      logger,
      ...(this.filters && { filter: this.filters.accepts }),
    });
    const xsd = (this.xsd = new XsdValidatorPool(undefined, logger));
    this.receiver = new VtpReceiver({
      host: options.host,
      port: options.authorPort,
      allowlist: options.authors,
      localIvorn: options.localIvorn,
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

  async start(): Promise<void> {
    this.xsd.start();
    this.filters?.start();
    this.#subscription = this.nc.subscribe(this.subjects.alerts.voevents, {
      callback: (error, msg) => {
        if (!error) this.#fanOut(msg.string());
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
  #fanOut(xml: string): void {
    this.#backlog.push(xml);
    if (this.#backlog.length === 1) setImmediate(() => this.#fanOutSlice());
  }

  #fanOutSlice(): void {
    const slice = this.#backlog.splice(0, FAN_OUT_SLICE);
    for (const xml of slice) this.broker.publish(xml);
    if (this.#backlog.length > 0) setImmediate(() => this.#fanOutSlice());
  }

  async stop(): Promise<void> {
    this.#subscription?.unsubscribe();
    await Promise.all([this.receiver.close(), this.broker.close()]);
    await this.xsd.close();
    this.filters?.stop();
  }
}
