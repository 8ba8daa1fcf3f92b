import type { Site, Subscription, SubscriptionFilter } from '../types.js';

/** A filter in a few words: `mxt · MXT · SNR ≥ 7 · 10° around 120, −30 · drills too`. */
export function filterSummary(f: SubscriptionFilter): string {
  const parts: string[] = [];
  if (f.types?.length) parts.push(f.types.join(', '));
  if (f.instruments?.length) parts.push(f.instruments.join(', '));
  if (f.minSnr !== undefined) parts.push(`SNR ≥ ${f.minSnr}`);
  if (f.region) parts.push(`${f.region.radiusDeg}° around ${f.region.raDeg}, ${f.region.decDeg}`);
  if (f.observableWithinHours !== undefined) parts.push(`observable within ${f.observableWithinHours} h`);
  if (f.includeTest) parts.push('drills too');
  if (f.includeRetractions === false) parts.push('no retractions');
  if (f.alarms) parts.push('operator alarms');
  return parts.length ? parts.join(' · ') : 'every notice';
}

/** Where it goes: the address, or the webhook's URL and format. */
export function channelSummary(c: Subscription['channel']): string {
  if (c.type === 'email') return `email ${c.address ?? ''}`.trim();
  return `webhook ${c.url ?? ''} (${c.format ?? 'json'})`;
}

export function siteSummary(site: Site | null): string {
  if (!site) return '—';
  const ns = site.latitudeDeg < 0 ? 'S' : 'N';
  const ew = site.longitudeDeg < 0 ? 'W' : 'E';
  return `${Math.abs(site.latitudeDeg)}°${ns} ${Math.abs(site.longitudeDeg)}°${ew}, ${site.altitudeM} m, horizon ${site.horizonDeg}°`;
}
