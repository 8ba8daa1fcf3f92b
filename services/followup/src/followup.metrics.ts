import { Counter, type Gauge, type Registry } from 'prom-client';
import { scrapeGauge } from '@svom/service-kit';

/** Prometheus counters of follow-up: notices in, what they made, and what waits for JetStream. */
export class FollowupMetrics {
  readonly notices: Counter<'outcome'>;
  readonly decisions: Counter<'facility' | 'outcome' | 'reason'>;
  readonly outboxPending: Gauge;

  constructor(registry: Registry, pending: () => Promise<number>) {
    this.notices = new Counter({
      name: 'followup_notices_total',
      help: 'notices by outcome (applied, duplicate); dead letters: jetstream_consumer_dead_lettered_total',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.decisions = new Counter({
      name: 'followup_decisions_total',
      help: 'per facility: request made, moved, cancelled, or why none',
      labelNames: ['facility', 'outcome', 'reason'],
      registers: [registry],
    });
    this.outboxPending = scrapeGauge(registry, {
      name: 'followup_outbox_pending',
      help: 'request and report messages committed but not yet acknowledged by JetStream',
      read: pending,
    });
  }
}
