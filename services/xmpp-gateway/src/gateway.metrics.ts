import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of the gateway: what reached XMPP, how long the server took, the session. */
export class GatewayMetrics {
  readonly published: Counter<'kind'>;
  readonly publishSeconds: Histogram;
  readonly online: Gauge;

  constructor(registry: Registry, online: () => boolean) {
    // Deliveries, acks, naks, dead letters and the lag are the kit consumer's jetstream_consumer_* metrics.
    this.published = new Counter({
      name: 'xmpp_gateway_published_total',
      help: 'ALERTS messages published to their nodes and confirmed, by kind (voevent, json, advocate)',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.publishSeconds = new Histogram({
      name: 'xmpp_gateway_publish_seconds',
      help: "an ALERTS message's items published and confirmed by the XMPP server",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    });
    this.online = new Gauge({
      name: 'xmpp_gateway_online',
      help: '1 while the XMPP session is open',
      registers: [registry],
      collect() {
        this.set(online() ? 1 : 0);
      },
    });
  }
}
