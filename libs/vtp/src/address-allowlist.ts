import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { VtpConfigError } from './errors.js';

/**
 * IP allowlist for VTP ports (VTP 2.0 §8.1). By the FSC's rule an empty list admits loopback
 * only, so a broker started without configuration never serves the network by accident.
 */

/** Decides whether a peer address may connect. */
export type AddressAllowlist = (address: string | undefined) => boolean;

/** What an empty allowlist means: this host only. */
export const LOOPBACK_ONLY: readonly string[] = ['127.0.0.0/8', '::1/128'];

/** `::ffff:10.0.0.1`, how a dual-stack socket reports an IPv4 peer, to `10.0.0.1`. */
export function normaliseAddress(address: string): string {
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:') && isIPv4(lower.slice(7))) return lower.slice(7);
  return lower;
}

/**
 * Build an allowlist from IPs and CIDRs (`10.1.2.3`, `192.0.2.0/24`, `2001:db8::/32`).
 * `0.0.0.0/0` and `::/0` admit everyone on that family.
 * @throws VtpConfigError on an entry that is not an address or a CIDR.
 */
export function createAddressAllowlist(entries: readonly string[] = []): AddressAllowlist {
  const list = new BlockList();
  for (const raw of entries.length === 0 ? LOOPBACK_ONLY : entries) {
    const entry = raw.trim();
    const [net = '', prefixText, extra] = entry.split('/');
    const address = normaliseAddress(net);
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (family === undefined || extra !== undefined) {
      throw new VtpConfigError(`allowlist entry ${JSON.stringify(raw)} is not an IP address or CIDR`);
    }
    if (prefixText === undefined) {
      list.addAddress(address, family);
      continue;
    }
    const prefix = Number(prefixText);
    const maxPrefix = family === 'ipv4' ? 32 : 128;
    if (!/^\d+$/.test(prefixText) || prefix > maxPrefix) {
      throw new VtpConfigError(`allowlist entry ${JSON.stringify(raw)} has an invalid prefix length`);
    }
    list.addSubnet(address, prefix, family);
  }
  return (peer) => {
    if (peer === undefined) return false;
    const address = normaliseAddress(peer);
    if (isIPv4(address)) return list.check(address, 'ipv4');
    if (isIPv6(address)) return list.check(address, 'ipv6');
    return false;
  };
}
