import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { countDeadLetters, countRowsBy, scrapeGauge } from '@svom/service-kit';
import type { GpTables } from './db/tables.js';

/**
 * Prometheus metrics of the scheduler, all read from the database when Prometheus scrapes (the
 * same on every instance): requests and plans by status, interruptions, the latest plan's
 * computing time, dead letters, and the messages the outbox still holds.
 */
export function registerSchedulerMetrics(
  registry: Registry,
  db: Kysely<GpTables>,
  outboxPending: () => Promise<number>,
): void {
  scrapeGauge(registry, {
    name: 'gp_requests',
    help: 'observation requests by status (submitted, accepted, rejected, …)',
    label: 'status',
    read: countRowsBy(db, 'gp.requests', 'status'),
  });
  scrapeGauge(registry, {
    name: 'gp_requests_by_kind',
    help: 'observation requests by kind (GP, ToO-NOM, ToO-MM, ToO-EX)',
    label: 'kind',
    read: countRowsBy(db, 'gp.requests', 'kind'),
  });
  scrapeGauge(registry, {
    name: 'gp_plans',
    help: 'plans by status (active, superseded, interrupted)',
    label: 'status',
    read: countRowsBy(db, 'gp.plans', 'status'),
  });
  scrapeGauge(registry, {
    name: 'gp_interruptions',
    help: 'slewing notices received, and the plans they interrupted',
    label: 'outcome',
    read: async () => {
      const row = await db
        .selectFrom('gp.interruptions')
        .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('new_plan_id').as('replanned')])
        .executeTakeFirstOrThrow();
      return [
        { key: 'received', n: Number(row.all) },
        { key: 'replanned', n: Number(row.replanned) },
      ];
    },
  });
  scrapeGauge(registry, {
    name: 'gp_last_plan_compute_seconds',
    help: 'how long the latest plan took to compute',
    read: async () => {
      const row = await db
        .selectFrom('gp.plans')
        .select('compute_ms')
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return (row?.compute_ms ?? 0) / 1000;
    },
  });
  scrapeGauge(registry, {
    name: 'gp_dead_letters',
    help: 'notice messages the scheduler could not use',
    read: () => countDeadLetters(db, 'gp.dead_letters'),
  });
  scrapeGauge(registry, {
    name: 'gp_outbox_pending',
    help: 'plan and interruption messages committed but not yet acknowledged by JetStream',
    read: outboxPending,
  });
}
