import type { Colors } from '../common/colors.js';
import { renderTable, utcTime } from '../common/table.js';
import type { Delivery, Site, Subscription, SubscriptionFilter } from './notify-api.js';

/**
 * A filter in the words of the options that make it (`type mxt vt · min-snr 7 · no-retractions`),
 * so what `show` prints can be typed back to `change`. Defaults (no drills, retractions) unsaid.
 */
export function filterText(f: SubscriptionFilter): string {
  const parts: string[] = [];
  if (f.types?.length) parts.push(`type ${f.types.join(' ')}`);
  if (f.instruments?.length) parts.push(`instrument ${f.instruments.join(' ')}`);
  if (f.minSnr !== undefined) parts.push(`min-snr ${f.minSnr}`);
  if (f.region) parts.push(`region ${f.region.raDeg},${f.region.decDeg},${f.region.radiusDeg}`);
  if (f.observableWithinHours !== undefined) parts.push(`observable-within ${f.observableWithinHours}`);
  if (f.includeTest) parts.push('include-test');
  if (f.includeRetractions === false) parts.push('no-retractions');
  if (f.alarms) parts.push('alarms');
  return parts.length ? parts.join(' · ') : 'every notice';
}

/** `--site` as typed (lat,lon,alt,horizon), with the Sun and Moon limits when set. */
export function siteText(site: Site | null): string {
  if (!site) return '-';
  const place = `${site.latitudeDeg},${site.longitudeDeg},${site.altitudeM},${site.horizonDeg}`;
  const limits = [
    site.maxSunAltitudeDeg === undefined ? '' : ` max-sun-altitude ${site.maxSunAltitudeDeg}`,
    site.minMoonDistanceDeg === undefined ? '' : ` min-moon-distance ${site.minMoonDistanceDeg}`,
  ];
  return place + limits.join('');
}

function channelText(channel: Subscription['channel']): string {
  return channel.type === 'email' ? `email ${channel.address}` : `webhook ${channel.url} (${channel.format ?? 'json'})`;
}

/** Every subscription on one line; the owner only when they are not all the same person's. */
export function subscriptionsTable(subscriptions: Subscription[], c: Colors): string {
  if (subscriptions.length === 0) return 'no subscription (svom subscription add --help)';
  const owners = new Set(subscriptions.map((s) => s.owner)).size > 1;
  const headers = ['ID', 'NAME', 'STATUS', 'CHANNEL', 'FILTER', 'SITE', ...(owners ? ['OWNER'] : [])];
  const rows = subscriptions.map((s) => [
    s.id,
    s.name,
    s.status,
    channelText(s.channel),
    filterText(s.filter),
    s.site ? siteText(s.site) : null,
    ...(owners ? [s.owner] : []),
  ]);
  return paintStatuses(renderTable(headers, rows, { header: c.bold }), subscriptions, c);
}

/** One subscription, a field a line, and the secret once when notify generated it. */
export function subscriptionReport(s: Subscription & { secret?: string }, c: Colors): string {
  const lines = [
    `${c.bold(s.id)}  ${s.name}  ${paint(s.status, c)}`,
    `channel       ${channelText(s.channel)}`,
    `filter        ${filterText(s.filter)}`,
    `site          ${siteText(s.site)}`,
    `owner         ${s.owner}${s.ownerEmail ? ` (${s.ownerEmail})` : ''}`,
  ];
  if (s.status === 'pending-confirmation')
    lines.push(c.yellow('confirm       the address first: the link in the mail notify sent to it'));
  if (s.pausedReason) lines.push(`paused        ${s.pausedReason}`);
  if (s.failingSince) lines.push(c.red(`failing since ${utcTime(s.failingSince)} UTC`));
  lines.push(`created       ${utcTime(s.createdAt)} UTC, changed ${utcTime(s.updatedAt)} UTC`);
  if (s.secret)
    lines.push(
      '',
      c.bold('webhook secret, shown this once (the HMAC-SHA256 key of X-SVOM-Signature; keep it):'),
      s.secret,
    );
  return lines.join('\n');
}

/** Deliveries newest first: what was sent, how it went. */
export function deliveriesTable(deliveries: Delivery[], c: Colors): string {
  if (deliveries.length === 0) return 'nothing sent yet (svom subscription test <id> sends a test notice)';
  const rows = deliveries.map((d) => [
    d.id,
    utcTime(d.createdAt),
    d.kind,
    d.burstId,
    d.status,
    d.attempts,
    d.lastHttpStatus,
    d.deliveredAt ? utcTime(d.deliveredAt) : null,
    d.lastError,
  ]);
  const headers = ['ID', 'CREATED (UTC)', 'KIND', 'BURST', 'STATUS', 'TRIES', 'HTTP', 'DELIVERED (UTC)', 'ERROR'];
  return paintStatuses(renderTable(headers, rows, { header: c.bold }), deliveries, c);
}

/** A test's outcome on one line: `delivery 5120 delivered: HTTP 204 after 1 attempt`. */
export function deliveryLine(d: Delivery, c: Colors): string {
  const http = d.lastHttpStatus === null ? '' : `HTTP ${d.lastHttpStatus} `;
  const error = d.lastError ? `: ${d.lastError}` : '';
  const retry = d.status === 'pending' ? ', retried later' : '';
  return `delivery ${d.id} ${paint(d.status, c)}: ${http}after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${error}${retry}`;
}

function paint(status: string, c: Colors): string {
  if (status === 'active' || status === 'delivered') return c.green(status);
  if (status === 'failed') return c.red(status);
  if (status === 'paused' || status === 'pending-confirmation' || status === 'pending') return c.yellow(status);
  return status;
}

// Colour after padding: escape codes would otherwise count towards the column widths.
function paintStatuses(table: string, items: ReadonlyArray<{ status: string }>, c: Colors): string {
  return table
    .split('\n')
    .map((line, i) => {
      const status = items[i - 1]?.status;
      return status ? line.replace(` ${status} `, ` ${paint(status, c)} `) : line;
    })
    .join('\n');
}
