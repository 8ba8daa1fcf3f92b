import { Counter, type Registry } from 'prom-client';

/** Prometheus counters of notify: deliveries planned, messages sent by outcome (the kit counts the consumers'). */
export class NotifyMetrics {
  readonly planned: Counter;
  readonly outcomes: Counter<'kind' | 'outcome'>;

  constructor(registry: Registry) {
    this.planned = new Counter({
      name: 'notify_deliveries_planned_total',
      help: 'deliveries written for notices (one per subscription and notice)',
      registers: [registry],
    });
    this.outcomes = new Counter({
      name: 'notify_sends_total',
      help: 'messages sent, by kind (notice, test, alarm, confirmation, paused) and outcome (ok, retry, permanent)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
  }
}
