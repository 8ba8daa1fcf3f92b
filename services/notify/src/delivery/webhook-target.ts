import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may point. A person registers the URL and the FSC calls it: without a guard,
 * `http://169.254.169.254/` (a cloud's metadata), PostgreSQL, the NATS monitor or the other
 * services' `/metrics` would be reached from inside (server-side request forgery). Refused:
 * every address below, and their IPv4-mapped IPv6 forms (`::ffff:127.0.0.1`: `BlockList`
 * checks those against the IPv4 rules), unless `allowPrivate` or an allowed CIDR says otherwise.
 */
const REFUSED: ReadonlyArray<readonly [network: string, prefix: number, family: 'ipv4' | 'ipv6', what: string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'ipv4', 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking (RFC 2544)'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved or broadcast'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  // The IPv6 forms that carry an IPv4 address other than ::ffff:0:0/96 (which BlockList maps):
  // deprecated or translation prefixes, refused whole rather than decoded.
  ['::', 96, 'ipv6', 'IPv4-compatible (deprecated)'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64 (embeds an IPv4 address)'],
  ['64:ff9b:1::', 48, 'ipv6', 'local NAT64 (embeds an IPv4 address)'],
  ['2002::', 16, 'ipv6', '6to4 (embeds an IPv4 address)'],
  ['100::', 64, 'ipv6', 'discard-only'],
  ['fc00::', 7, 'ipv6', 'unique local (private)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local (deprecated)'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const REFUSED_LISTS = REFUSED.map(([network, prefix, family, what]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, what: `${what}, ${network}/${prefix}` };
});

export interface WebhookTargetPolicy {
  /** Private, loopback, link-local... targets allowed (development, tests, a closed network). */
  allowPrivate: boolean;
  /** Allowed even when private targets are not (a robotic telescope on the site's LAN). */
  allowed: BlockList;
  /** The CIDRs of `allowed`, as configured (for messages). */
  allowedCidrs: string[];
  /** `http://` refused. */
  httpsOnly: boolean;
}

/** The policy of the settings; a CIDR that does not parse stops the service at start, by name. */
export function webhookTargetPolicy(settings: {
  WEBHOOK_ALLOW_PRIVATE: boolean;
  WEBHOOK_ALLOWED_CIDRS: string;
  WEBHOOK_HTTPS_ONLY: boolean;
}): WebhookTargetPolicy {
  const allowed = new BlockList();
  const allowedCidrs = settings.WEBHOOK_ALLOWED_CIDRS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const cidr of allowedCidrs) {
    const [network = '', prefixText, extra] = cidr.split('/');
    const family = isIP(network);
    const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
    if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32))
      throw new Error(`WEBHOOK_ALLOWED_CIDRS: "${cidr}" is not an address/prefix (10.20.0.0/16, fd00:1::/64)`);
    allowed.addSubnet(network, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    allowPrivate: settings.WEBHOOK_ALLOW_PRIVATE,
    allowed,
    allowedCidrs,
    httpsOnly: settings.WEBHOOK_HTTPS_ONLY,
  };
}

/** Why a webhook may not be sent to this IP address, or undefined when it may. */
export function refusedAddress(address: string, policy: WebhookTargetPolicy): string | undefined {
  const family = isIP(address);
  if (!family) return `${address} is not an IP address`;
  if (policy.allowPrivate) return undefined;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (policy.allowed.check(address, type)) return undefined;
  const hit = REFUSED_LISTS.find((r) => r.list.check(address, type));
  return hit ? `${address} is ${hit.what}: not a public address` : undefined;
}

/** A webhook target refused by the policy: a delivery that will never be sent, not a fault to retry. */
export class WebhookTargetRefused extends Error {
  override name = 'WebhookTargetRefused';
  readonly code = 'NOTIFY_WEBHOOK_TARGET_REFUSED';
}

/** `[::1]` → `::1`: the host of a URL as an address or a name. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * What the URL itself says against the policy (scheme, and the host when it is an IP literal,
 * which no lookup sees), or undefined. The WHATWG parser has already normalised `0x7f.1` and
 * `2130706433` to `127.0.0.1`.
 */
export function refusedUrl(url: URL, policy: WebhookTargetPolicy): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'a webhook url is http(s)://...';
  if (policy.httpsOnly && url.protocol !== 'https:') return 'webhooks must use https:// here (WEBHOOK_HTTPS_ONLY)';
  const host = bareHost(url);
  return isIP(host) ? refusedAddress(host, policy) : undefined;
}

const LOOKUP_TIMEOUT_MS = 5000;

/**
 * The check when a subscription is made: the URL, then every address its host resolves to now.
 * A name that does not resolve (yet) is accepted: nothing can be sent to it, and each delivery
 * checks the address it connects to ({@link guardedLookup}) in any case.
 */
export async function checkWebhookUrl(url: string, policy: WebhookTargetPolicy): Promise<string | undefined> {
  if (!URL.canParse(url)) return 'a webhook url is http(s)://...';
  const parsed = new URL(url);
  const refused = refusedUrl(parsed, policy);
  const host = bareHost(parsed);
  if (refused || isIP(host) || policy.allowPrivate) return refused;
  const addresses = await new Promise<LookupAddress[]>((resolve) => {
    const timer = setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS);
    dnsLookup(host, { all: true }, (error, found) => {
      clearTimeout(timer);
      resolve(error ? [] : found);
    });
  });
  for (const { address } of addresses) {
    const why = refusedAddress(address, policy);
    if (why) return `${host} resolves to ${why}`;
  }
  return undefined;
}

/**
 * A `lookup` for the webhook agents: resolves as usual, then refuses when any address found is
 * refused by the policy. The socket connects to an address this function returned, so the check
 * is on the address really connected to, whatever the name resolved to when the subscription was
 * made (DNS rebinding).
 */
export function guardedLookup(policy: WebhookTargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const why = refusedAddress(address, policy);
        if (why) return callback(new WebhookTargetRefused(`${hostname} resolves to ${why}`), '', 0);
      }
      // `all` is what net asks for when it tries each family in turn (autoSelectFamily).
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}
