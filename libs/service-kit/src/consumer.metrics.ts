import { Counter, Gauge, type Registry } from 'prom-client';

/** The Prometheus metrics every kit consumer of a service shares, labelled by durable name. */
export interface ConsumerMetrics {
  delivered: Counter<'consumer'>;
  redelivered: Counter<'consumer'>;
  acked: Counter<'consumer'>;
  naked: Counter<'consumer'>;
  deadLettered: Counter<'consumer' | 'code'>;
  lag: Gauge<'consumer'>;
  /** Where the lag gauge reads each consumer's count when Prometheus scrapes. */
  lagReaders: Map<string, () => Promise<number>>;
}

// One set per registry: a service with two consumers registers the metrics once.
const byRegistry = new WeakMap<Registry, ConsumerMetrics>();

/** The consumer metrics of `registry`, registered on first use. */
export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const lagReaders = new Map<string, () => Promise<number>>();
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['consumer'], registers: [registry] });
  const metrics: ConsumerMetrics = {
    delivered: counter('jetstream_consumer_delivered_total', 'messages delivered to the handler'),
    redelivered: counter(
      'jetstream_consumer_redelivered_total',
      'deliveries after the first (a nak, an ack wait passed, a restart)',
    ),
    acked: counter('jetstream_consumer_acked_total', 'messages handled and acknowledged'),
    naked: counter('jetstream_consumer_naked_total', 'transient failures given back for a later delivery'),
    deadLettered: new Counter({
      name: 'jetstream_consumer_dead_lettered_total',
      help: 'messages recorded as dead letters, then terminated, by reason code',
      labelNames: ['consumer', 'code'],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'jetstream_consumer_lag',
      help: 'messages of the stream not yet delivered to the consumer (-1: unknown)',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        await Promise.all(
          [...lagReaders].map(async ([consumer, read]) => this.set({ consumer }, await read().catch(() => -1))),
        );
      },
    }),
    lagReaders,
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
