import type { Kysely } from 'kysely';
import { Counter, Gauge, type Registry } from 'prom-client';
import { countRowsBy, scrapeGauge } from '@svom/service-kit';
import type { VtpBrokerStats, VtpReceiverStats } from '@svom/vtp';
import type { AlertsTables } from './db/tables.js';
import type { VtpGatewayStats } from './vtp/vtp.gateway.js';

/** What the metrics read, each when Prometheus scrapes: no counting on the hot paths. */
export interface AlertsMetricSources {
  db: Kysely<AlertsTables>;
  broker(): VtpBrokerStats;
  receiver(): VtpReceiverStats;
  gateway(): VtpGatewayStats;
  outboxPending(): Promise<number>;
}

/**
 * Prometheus metrics of the alerts service. Bursts, notices and dead letters are counted in the
 * database (the same for every instance); the VTP figures and packet outcomes are this
 * instance's. The VTP totals are the broker's and receiver's own counters, copied at each scrape.
 */
export class AlertsMetrics {
  readonly packets: Counter<'outcome'>;

  constructor(registry: Registry, sources: AlertsMetricSources) {
    this.packets = new Counter({
      name: 'alerts_packets_total',
      help: 'VHF packets handled by this instance, by outcome (applied, pending, ignored, duplicate)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const countsBy = (column: string, table: string) => countRowsBy(sources.db, table, column);
    scrapeGauge(registry, {
      name: 'alerts_bursts',
      help: 'bursts by status (active, confirmed, retracted)',
      label: 'status',
      read: countsBy('status', 'alerts.bursts'),
    });
    scrapeGauge(registry, {
      name: 'alerts_notices',
      help: 'notices issued, by name (eclairs-wakeup, slewing, mxt-initial_qf1, …)',
      label: 'notice',
      read: countsBy('name', 'alerts.notices'),
    });
    scrapeGauge(registry, {
      name: 'alerts_dead_letters',
      help: 'packet messages that could not make a notice, by code',
      label: 'code',
      read: countsBy('code', 'alerts.dead_letters'),
    });
    scrapeGauge(registry, {
      name: 'alerts_outbox_pending',
      help: 'notices and VOEvents committed but not yet acknowledged by JetStream',
      read: sources.outboxPending,
    });
    new Gauge({
      name: 'alerts_vtp_subscribers',
      help: 'VTP subscribers connected to this instance (port 8099)',
      registers: [registry],
      collect() {
        this.set(sources.broker().subscribers);
      },
    });
    const copied = (name: string, help: string, read: () => Record<string, number>, labelName: string) =>
      new Counter({
        name,
        help,
        labelNames: [labelName],
        registers: [registry],
        collect() {
          this.reset();
          for (const [label, value] of Object.entries(read())) this.inc({ [labelName]: label }, value);
        },
      });
    copied(
      'alerts_vtp_subscriber_events_total',
      'VTP subscriber side: events published, frames sent, acks and naks received',
      () => {
        const s = sources.broker();
        return { published: s.published, sent: s.sent, acked: s.acked, naked: s.naked };
      },
      'kind',
    );
    copied(
      'alerts_vtp_subscriber_connections_total',
      'VTP subscribers dropped by us (slow, silent, oversize frame) or refused by the allowlist',
      () => {
        const s = sources.broker();
        return { dropped: s.dropped, refused: s.refused };
      },
      'outcome',
    );
    copied(
      'alerts_vtp_author_events_total',
      'VTP author port (8098): VOEvents received, and accepted, recognised as duplicates or naked',
      () => {
        const r = sources.receiver();
        return { received: r.received, accepted: r.accepted, duplicate: r.duplicates, naked: r.naked };
      },
      'outcome',
    );
    copied(
      'alerts_vtp_author_connections_total',
      'VTP author connections dropped (garbage, oversize, accept failure, idle) or refused by the allowlist',
      () => {
        const r = sources.receiver();
        return { dropped: r.dropped, refused: r.refused };
      },
      'outcome',
    );
    // Hostile or broken peers (issue 16): what each port dropped, by reason, to alert on.
    const byPortAndReason = (name: string, help: string, read: () => Record<string, Record<string, number>>) =>
      new Counter({
        name,
        help,
        labelNames: ['port', 'reason'],
        registers: [registry],
        collect() {
          this.reset();
          for (const [port, counts] of Object.entries(read()))
            for (const [reason, value] of Object.entries(counts)) this.inc({ port, reason }, value);
        },
      });
    byPortAndReason(
      'alerts_vtp_peers_dropped_total',
      'VTP connections refused (allowlist, too-many-connections, too-many-from-address) or cut (frame-too-large, frame-deadline, handler-error, garbage, idle, accept-failed, slow, iamalive-timeout), by port',
      () => ({ subscriber: numbers(sources.broker().drops), author: numbers(sources.receiver().drops) }),
    );
    byPortAndReason(
      'alerts_vtp_frames_dropped_total',
      "VTP frames not acted on: from subscribers (unreadable, malformed, voevent) or events not relayed (relay-doctype, relay-not-voevent, relay-malformed, fan-out-error); authors' events naked (too-large, not-utf8, malformed, doctype, not-voevent, no-ivorn, long-ivorn, invalid)",
      () => ({
        subscriber: { ...numbers(sources.broker().framesDropped), 'fan-out-error': sources.gateway().fanOutErrors },
        author: numbers(sources.receiver().naks),
      }),
    );
    copied(
      'alerts_vtp_author_rate_limited_total',
      'times an author address went over VTP_AUTHOR_RATE_PER_S (its connections not read until its bucket refilled)',
      () => ({ author: sources.receiver().rateLimited }),
      'port',
    );
    new Gauge({
      name: 'alerts_vtp_author_held_bytes',
      help: 'bytes the author port holds now: partial frames and events not yet answered',
      registers: [registry],
      collect() {
        this.set(sources.receiver().heldBytes);
      },
    });
  }
}

/** A partial record of counts as plain numbers (absent reasons left out). */
function numbers(counts: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter((e): e is [string, number] => e[1] !== undefined));
}
