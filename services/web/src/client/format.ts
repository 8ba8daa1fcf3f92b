// How times and angles are written on every page: UTC always (observers sit in every time
// zone), degrees with their unit, sexagesimal beside them for the astronomers who read RA in hours.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-03-14 02:10:05.250 UTC`. */
export function utc(iso: string | number | Date, withMs = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}${withMs ? `.${pad(d.getUTCMilliseconds(), 3)}` : ''} UTC`;
}

/** `3 min ago`, `2 h ago`; for a quick glance beside the exact UTC time. */
export function ago(iso: string | number | Date, nowMs = Date.now()): string {
  const s = Math.round((nowMs - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(s)) return '';
  if (s < 0) return 'in the future';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** T − T0 in seconds, signed: `+12.5 s`, `+3.2 min`. */
export function sinceT0(iso: string, t0: string): string {
  const s = (new Date(iso).getTime() - new Date(t0).getTime()) / 1000;
  if (!Number.isFinite(s)) return '';
  const sign = s < 0 ? '−' : '+';
  const a = Math.abs(s);
  // Days from T0 (a replayed or old burst): the time itself says more than a count of hours.
  if (a >= 2 * 86_400) return utc(iso);
  if (a < 120) return `${sign}${a.toFixed(1)} s`;
  if (a < 7200) return `${sign}${(a / 60).toFixed(1)} min`;
  return `${sign}${(a / 3600).toFixed(1)} h`;
}

/** RA in hours: `13h25m32.3s`. */
export function raHms(raDeg: number): string {
  const hours = (((raDeg % 360) + 360) % 360) / 15;
  const h = Math.floor(hours);
  const m = Math.floor((hours - h) * 60);
  const sec = (hours - h - m / 60) * 3600;
  return `${pad(h)}h${pad(m)}m${sec.toFixed(1).padStart(4, '0')}s`;
}

/** Dec: `−14°02′42″`. */
export function decDms(decDeg: number): string {
  const sign = decDeg < 0 ? '−' : '+';
  const a = Math.abs(decDeg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const sec = Math.round((a - d - m / 60) * 3600);
  return `${sign}${pad(d)}°${pad(m)}′${pad(Math.min(sec, 59))}″`;
}

/** An error radius in the unit that reads best: degrees, arcminutes or arcseconds. */
export function radius(errorRadiusDeg: number): string {
  if (errorRadiusDeg >= 1) return `${errorRadiusDeg.toFixed(2)}°`;
  if (errorRadiusDeg >= 1 / 60) return `${(errorRadiusDeg * 60).toFixed(2)}′`;
  return `${(errorRadiusDeg * 3600).toFixed(1)}″`;
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
