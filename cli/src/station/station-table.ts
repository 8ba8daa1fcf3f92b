import type { Colors } from '../common/colors.js';
import { renderTable } from '../common/table.js';
import type { StationHealth } from './station-api.js';

/** Station health as a table: one line per station, the last hour's figures. */
export function stationTable(stations: StationHealth[], c: Colors, now = Date.now()): string {
  if (stations.length === 0) return 'no station is registered (svom station add <id> ...)';
  const rows = stations.map((s) => {
    const h = s.lastHour;
    const rejected = Object.values(h.rejections).reduce((a, b) => a + b, 0);
    return [
      s.stationId,
      s.name,
      s.status,
      s.lastHeardAt ? ago(s.lastHeardAt, now) : null,
      h.receptions,
      h.packets,
      h.duplicates,
      rejected,
      ms(h.latencyP50Ms),
      ms(h.latencyP95Ms),
      h.medianRssiDbm,
    ];
  });
  const table = renderTable(
    ['STATION', 'NAME', 'STATUS', 'HEARD', 'RECV/h', 'PKT/h', 'DUP/h', 'REJ/h', 'LAT p50', 'LAT p95', 'RSSI dBm'],
    rows,
    { header: c.bold },
  );
  // Colour after padding: escape codes would otherwise count towards the column widths.
  const paint = { active: c.green, silent: c.red, 'never-heard': c.yellow };
  return table
    .split('\n')
    .map((line, i) => {
      const status = stations[i - 1]?.status;
      return status ? line.replace(` ${status} `, ` ${paint[status](status)} `) : line;
    })
    .join('\n');
}

function ms(value: number | null): string | null {
  return value === null ? null : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 90 ? `${s}s ago` : s < 5400 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}
