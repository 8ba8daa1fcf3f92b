import { Counter, type Registry } from 'prom-client';

/** Prometheus counters of notify: notices planned, messages sent by outcome, dead letters. */
export class NotifyMetrics {
  readonly planned: Counter;
  readonly outcomes: Counter<'kind' | 'outcome'>;
  readonly deadLetters: Counter;

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
    this.deadLetters = new Counter({
      name: 'notify_dead_letters_total',
      help: 'messages of ALERTS or VHF station health that could never be handled',
      registers: [registry],
    });
  }
}
