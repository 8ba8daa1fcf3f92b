import { Counter, type Gauge, type Registry } from 'prom-client';
import { scrapeGauge } from '@svom/service-kit';
import type { ReceptionResult } from './reception.service.js';

/** Prometheus counters of the ingest: what stations send and what becomes of it. */
export class IngestMetrics {
  readonly receptions: Counter<'status'>;
  readonly rejections: Counter<'code'>;
  readonly outboxPending: Gauge;

  constructor(registry: Registry, pending: () => Promise<number>) {
    this.receptions = new Counter({
      name: 'vhf_receptions_total',
      help: 'receptions by status (already_recorded: posted again, not stored again)',
      labelNames: ['status'],
      registers: [registry],
    });
    this.rejections = new Counter({
      name: 'vhf_rejections_total',
      help: 'rejected receptions by ICD-VHF code',
      labelNames: ['code'],
      registers: [registry],
    });
    this.outboxPending = scrapeGauge(registry, {
      name: 'vhf_outbox_pending',
      help: 'packets committed but not yet acknowledged by JetStream',
      read: pending,
    });
  }

  countResults(results: ReceptionResult[]): void {
    let accepted = 0;
    let duplicate = 0;
    let again = 0;
    for (const r of results) {
      // Counted when first recorded: a re-post is counted apart, not as a second reception.
      if (r.alreadyRecorded) again++;
      else if (r.status === 'accepted') accepted++;
      else if (r.status === 'duplicate') duplicate++;
      else if (r.status === 'rejected') this.rejections.inc({ code: r.error.code });
    }
    this.receptions.inc({ status: 'accepted' }, accepted);
    this.receptions.inc({ status: 'duplicate' }, duplicate);
    this.receptions.inc({ status: 'rejected' }, results.length - accepted - duplicate - again);
    this.receptions.inc({ status: 'already_recorded' }, again);
  }
}
