// The subscription form's values → the body of POST /v1/subscriptions (notify), and a problem's
// field back to the input it names. Pure (no DOM), so test/subscription-request.test.ts reads it.
// The form checks little itself: notify validates, and its problem+json names the failing field.

import type { Site, Subscription, SubscriptionChange, SubscriptionFilter, SubscriptionRequest } from './types.js';

/** What the form holds, as typed: numbers are still text, empty meaning "not given". */
export interface SubscriptionFormValues {
  name: string;
  /** Notice names or prefixes, or Packet_Type numbers, separated by commas or spaces. */
  types: string;
  instruments: string[];
  minSnr: string;
  raDeg: string;
  decDeg: string;
  radiusDeg: string;
  includeTest: boolean;
  includeRetractions: boolean;
  observableWithinHours: string;
  alarms: boolean;
  latitudeDeg: string;
  longitudeDeg: string;
  altitudeM: string;
  horizonDeg: string;
  channelType: 'email' | 'webhook';
  address: string;
  url: string;
  secret: string;
  format: 'json' | 'slack';
  ownerEmail: string;
}

/**
 * The body of POST /v1/subscriptions as the form sends it: always a filter (its boxes), and a site
 * half filled sent as it is, for notify to name what is missing.
 */
export type SubscriptionRequestBody = Omit<SubscriptionRequest, 'filter' | 'site'> & {
  filter: SubscriptionFilter;
  site?: Partial<Site>;
};

/** The body of PATCH /v1/subscriptions/{id} as the form sends it: a site may be half filled, as above. */
export type SubscriptionChangeBody = Omit<SubscriptionChange, 'site'> & { site?: Partial<Site> | null | undefined };

/** A number typed, or the text itself when it is not one (notify then names the field). */
function numberOf(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : (t as unknown as number);
}

/** Only the keys given: a group left blank is left out, a group half filled is sent as it is. */
function given<K extends string>(values: Record<K, string>): Partial<Record<K, number>> | undefined {
  const out: Partial<Record<K, number>> = {};
  for (const [key, text] of Object.entries(values) as Array<[K, string]>) {
    const n = numberOf(text);
    if (n !== undefined) out[key] = n;
  }
  return Object.keys(out).length ? out : undefined;
}

export function subscriptionRequest(v: SubscriptionFormValues): SubscriptionRequestBody {
  const filter: SubscriptionFilter = {
    includeTest: v.includeTest,
    includeRetractions: v.includeRetractions,
  };
  const types = v.types
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  if (types.length) filter.types = types;
  if (v.instruments.length) filter.instruments = v.instruments;
  const minSnr = numberOf(v.minSnr);
  if (minSnr !== undefined) filter.minSnr = minSnr;
  const region = given({ raDeg: v.raDeg, decDeg: v.decDeg, radiusDeg: v.radiusDeg });
  if (region) filter.region = region as SubscriptionFilter['region'];
  const within = numberOf(v.observableWithinHours);
  if (within !== undefined) filter.observableWithinHours = within;
  if (v.alarms) filter.alarms = true;

  const channel: SubscriptionRequestBody['channel'] =
    v.channelType === 'email'
      ? { type: 'email', address: v.address.trim() }
      : {
          type: 'webhook',
          url: v.url.trim(),
          format: v.format,
          ...(v.secret ? { secret: v.secret } : {}),
        };
  const site = given({
    latitudeDeg: v.latitudeDeg,
    longitudeDeg: v.longitudeDeg,
    altitudeM: v.altitudeM,
    horizonDeg: v.horizonDeg,
  });
  return {
    name: v.name.trim(),
    filter,
    ...(site ? { site } : {}),
    channel,
    ...(v.channelType === 'webhook' && v.ownerEmail.trim() ? { ownerEmail: v.ownerEmail.trim() } : {}),
  };
}

/** The form filled with what a subscription has, to change it. */
export function formValuesOf(s: Subscription): SubscriptionFormValues {
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  const f = s.filter;
  return {
    name: s.name,
    types: (f.types ?? []).join(', '),
    instruments: f.instruments ?? [],
    minSnr: text(f.minSnr),
    raDeg: text(f.region?.raDeg),
    decDeg: text(f.region?.decDeg),
    radiusDeg: text(f.region?.radiusDeg),
    includeTest: f.includeTest ?? false,
    includeRetractions: f.includeRetractions ?? true,
    observableWithinHours: text(f.observableWithinHours),
    alarms: f.alarms ?? false,
    latitudeDeg: text(s.site?.latitudeDeg),
    longitudeDeg: text(s.site?.longitudeDeg),
    altitudeM: text(s.site?.altitudeM),
    horizonDeg: text(s.site?.horizonDeg),
    channelType: s.channel.type,
    address: s.channel.address ?? '',
    url: s.channel.url ?? '',
    // Never shown (notify keeps it): typed here, it replaces the secret.
    secret: '',
    format: s.channel.format ?? 'json',
    ownerEmail: s.ownerEmail ?? '',
  };
}

/**
 * The form's values → the body of PATCH /v1/subscriptions/{id}: every field the form shows, each
 * replacing the subscription's; a site or owner email emptied is removed (null). The site's limits
 * the form does not show (Sun, Moon) are kept.
 */
export function subscriptionChange(v: SubscriptionFormValues, before: Subscription): SubscriptionChangeBody {
  const { name, filter, site, channel, ownerEmail } = subscriptionRequest(v);
  const { type: _type, ...channelFields } = channel;
  return {
    name,
    filter,
    site: site ? { ...before.site, ...site } : before.site ? null : undefined,
    channel: channelFields,
    ...(v.channelType === 'webhook' ? { ownerEmail: ownerEmail ?? (before.ownerEmail ? null : undefined) } : {}),
  };
}

/**
 * The input a problem's field names, among the form's (each input carries its JSON pointer):
 * the same pointer, else the nearest one above it (`/body/filter/types/2` → `/body/filter/types`),
 * else the first one below it (`/body/site` → `/body/site/latitudeDeg`).
 */
export function inputForField(field: string | undefined, pointers: readonly string[]): string | undefined {
  if (!field) return undefined;
  if (pointers.includes(field)) return field;
  const above = pointers.filter((p) => field.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0];
  return above ?? pointers.find((p) => p.startsWith(`${field}/`));
}
