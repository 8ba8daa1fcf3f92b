import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { SkyRegion } from '@svom/voevent';
import { CliError, EXIT, usageError } from '../common/exit-codes.js';
import type { Site, Subscription, SubscriptionFilter } from './notify-api.js';

/** A site's place as `--site lat,lon,alt,horizon` gives it. */
export type SitePlace = Pick<Site, 'latitudeDeg' | 'longitudeDeg' | 'altitudeM' | 'horizonDeg'>;

/**
 * What `svom subscription add|change` read from their options. `false` is a `--no-…` option of
 * `change`: that criterion (or the site, the owner email) removed.
 */
export interface SubscriptionOptions {
  from?: string;
  name?: string;
  email?: string;
  webhook?: string;
  secret?: string;
  format?: 'json' | 'slack';
  ownerEmail?: string | false;
  type?: string[] | false;
  instrument?: string[] | false;
  minSnr?: number | false;
  region?: SkyRegion | false;
  observableWithin?: number | false;
  includeTest?: boolean;
  retractions?: boolean;
  alarms?: boolean;
  site?: SitePlace | false;
  maxSunAltitude?: number;
  minMoonDistance?: number;
}

type Body = Record<string, unknown>;

/** The filter criteria by option; booleans are values, `false` on the others removes the criterion. */
const FILTER_OPTIONS = [
  ['type', 'types'],
  ['instrument', 'instruments'],
  ['minSnr', 'minSnr'],
  ['region', 'region'],
  ['observableWithin', 'observableWithinHours'],
  ['includeTest', 'includeTest'],
  ['retractions', 'includeRetractions'],
  ['alarms', 'alarms'],
] as const satisfies ReadonlyArray<readonly [keyof SubscriptionOptions, keyof SubscriptionFilter]>;
const FLAGS = new Set<string>(['includeTest', 'includeRetractions', 'alarms']);

/** `--site lat,lon,alt,horizon`: four numbers (notify checks their ranges and names the option). */
export function parseSitePlace(text: string): SitePlace {
  const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p)))
    throw new InvalidArgumentError(
      'expected lat,lon,alt,horizon: degrees north, degrees east, metres, degrees (e.g. 43.75,6.92,1270,15)',
    );
  const [latitudeDeg, longitudeDeg, altitudeM, horizonDeg] = parts as [number, number, number, number];
  return { latitudeDeg, longitudeDeg, altitudeM, horizonDeg };
}

/** The body a `--from` file holds: a JSON object, as the API takes it. */
export function readBodyFile(path: string): Body {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw usageError(`--from ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--from ${path}: not JSON (${(error as Error).message})`, EXIT.INVALID);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new CliError(`--from ${path}: expected a JSON object, the body of the request`, EXIT.INVALID);
  return body as Body;
}

/** The filter with the options given laid over `base`; undefined when no filter option was given. */
function filterWith(base: unknown, o: SubscriptionOptions): Body | undefined {
  const given = FILTER_OPTIONS.filter(([option]) => o[option] !== undefined);
  if (given.length === 0) return undefined;
  const filter: Body = { ...(base as Body | undefined) };
  for (const [option, field] of given) {
    const value = o[option];
    if (value === false && !FLAGS.has(field)) delete filter[field];
    else filter[field] = value;
  }
  return filter;
}

/**
 * The site with the options given: `--site` replaces the place (keeping the Sun and Moon limits),
 * `--max-sun-altitude`/`--min-moon-distance` refine it; null for `--no-site`; undefined: unchanged.
 */
function siteWith(base: unknown, o: SubscriptionOptions): Body | null | undefined {
  if (o.site === false) return null;
  const limits = {
    ...(o.maxSunAltitude === undefined ? {} : { maxSunAltitudeDeg: o.maxSunAltitude }),
    ...(o.minMoonDistance === undefined ? {} : { minMoonDistanceDeg: o.minMoonDistance }),
  };
  if (o.site === undefined && Object.keys(limits).length === 0) return undefined;
  if (o.site === undefined && !base)
    throw usageError('--max-sun-altitude and --min-moon-distance are limits of a site: add --site lat,lon,alt,horizon');
  return { ...(base as Body | undefined), ...o.site, ...limits };
}

/** Builds the body of POST /v1/subscriptions: the `--from` file's, with the options laid over it. */
export function requestBody(o: SubscriptionOptions): Body {
  const body = o.from === undefined ? {} : readBodyFile(o.from);
  if (o.name !== undefined) body.name = o.name;
  if (body.name === undefined) throw usageError('a subscription needs a name: --name <text> (or --from <file>)');
  if (o.email !== undefined && o.webhook !== undefined)
    throw usageError('one channel per subscription: --email or --webhook');
  if (o.email !== undefined) body.channel = { type: 'email', address: o.email };
  if (o.webhook !== undefined) body.channel = { type: 'webhook', url: o.webhook };
  if (body.channel === undefined)
    throw usageError('where to send: --email <address> or --webhook <url> (or --from <file>)');
  const channel = webhookFields(o);
  if (Object.keys(channel).length) body.channel = { ...(body.channel as Body), ...channel };
  if (typeof o.ownerEmail === 'string') body.ownerEmail = o.ownerEmail;
  const filter = filterWith(body.filter, o);
  if (filter) body.filter = filter;
  const site = siteWith(body.site, o);
  if (site) body.site = site;
  return body;
}

/**
 * Builds the body of PATCH /v1/subscriptions/{id}: only what the options name (and the `--from`
 * file holds). Notify replaces a filter or a site whole, so a criterion given alone is laid over
 * the subscription's current filter (`current`), and the others stay.
 */
export function changeBody(o: SubscriptionOptions, current: Subscription | undefined): Body {
  const body = o.from === undefined ? {} : readBodyFile(o.from);
  if (o.name !== undefined) body.name = o.name;
  const channel = {
    ...(body.channel as Body | undefined),
    ...(o.email === undefined ? {} : { address: o.email }),
    ...(o.webhook === undefined ? {} : { url: o.webhook }),
    ...webhookFields(o),
  };
  if (Object.keys(channel).length) body.channel = channel;
  if (o.ownerEmail !== undefined) body.ownerEmail = o.ownerEmail === false ? null : o.ownerEmail;
  const filter = filterWith(body.filter ?? current?.filter, o);
  if (filter) body.filter = filter;
  const site = siteWith(body.site ?? current?.site, o);
  if (site !== undefined) body.site = site;
  if (Object.keys(body).length === 0)
    throw usageError('nothing to change: give the options to change (svom subscription change --help)');
  return body;
}

/** Whether `changeBody` needs the subscription as it is (to lay a filter or site option over it). */
export function changeNeedsCurrent(o: SubscriptionOptions): boolean {
  return (
    FILTER_OPTIONS.some(([option]) => o[option] !== undefined) ||
    (o.site === undefined && (o.maxSunAltitude !== undefined || o.minMoonDistance !== undefined))
  );
}

function webhookFields(o: SubscriptionOptions): Body {
  return {
    ...(o.secret === undefined ? {} : { secret: o.secret }),
    ...(o.format === undefined ? {} : { format: o.format }),
  };
}
