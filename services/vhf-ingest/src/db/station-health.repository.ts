import { sql, type Kysely } from 'kysely';
import { emptyWindow, type Window } from '../stations/station-health.js';
import type { VhfTables } from './tables.js';

/**
 * Each station's figures over the last hour and day, from `vhf.receptions` (by arrival time at
 * the FSC, so a station with a wrong clock is still counted where it belongs).
 */
export async function stationWindows(
  db: Kysely<VhfTables>,
  stationIds?: string[],
): Promise<Map<string, { lastHour: Window; lastDay: Window }>> {
  const filter = stationIds ? sql`and station_id = any(${stationIds})` : sql``;
  const figures = await sql<{
    station_id: string;
    win: 'hour' | 'day';
    receptions: number;
    packets: number;
    duplicates: number;
    p50: number | null;
    p95: number | null;
    rssi: number | null;
  }>`
    select station_id, w.win,
      count(*)::int as receptions,
      (count(*) filter (where status = 'accepted'))::int as packets,
      (count(*) filter (where status = 'duplicate'))::int as duplicates,
      percentile_cont(0.5) within group (order by latency_ms) as p50,
      percentile_cont(0.95) within group (order by latency_ms) as p95,
      percentile_cont(0.5) within group (order by rssi_dbm) as rssi
    from vhf.receptions r
    join (values ('hour', interval '1 hour'), ('day', interval '1 day')) as w(win, span)
      on r.arrived_at > now() - w.span
    where r.arrived_at > now() - interval '1 day' ${filter}
    group by station_id, w.win`.execute(db);
  const rejections = await sql<{ station_id: string; win: 'hour' | 'day'; error_code: string; n: number }>`
    select station_id, w.win, error_code, count(*)::int as n
    from vhf.receptions r
    join (values ('hour', interval '1 hour'), ('day', interval '1 day')) as w(win, span)
      on r.arrived_at > now() - w.span
    where r.status = 'rejected' and r.arrived_at > now() - interval '1 day' ${filter}
    group by station_id, w.win, error_code`.execute(db);

  const result = new Map<string, { lastHour: Window; lastDay: Window }>();
  const slot = (id: string, window: 'hour' | 'day') => {
    let entry = result.get(id);
    if (!entry) result.set(id, (entry = { lastHour: emptyWindow(), lastDay: emptyWindow() }));
    return window === 'hour' ? entry.lastHour : entry.lastDay;
  };
  for (const f of figures.rows) {
    Object.assign(slot(f.station_id, f.win), {
      receptions: f.receptions,
      packets: f.packets,
      duplicates: f.duplicates,
      latencyP50Ms: f.p50 === null ? null : Number(f.p50),
      latencyP95Ms: f.p95 === null ? null : Number(f.p95),
      medianRssiDbm: f.rssi === null ? null : Number(f.rssi),
    });
  }
  for (const r of rejections.rows) slot(r.station_id, r.win).rejections[r.error_code] = r.n;
  return result;
}
