import { isIPv6 } from 'node:net';
import type { Socket } from 'node:net';
import { normaliseAddress } from './address-allowlist.js';
import type { VtpLogger } from './logger.js';

/**
 * What the broker and the receiver share to stand hostile peers: who may connect (allowlist,
 * a cap overall and per address), counters of peers and frames dropped by reason, and warnings
 * that a flood cannot turn into a flood of log lines.
 */

/** Why a connection was refused before anything was read from it. */
export type RefusalReason = 'allowlist' | 'too-many-connections' | 'too-many-from-address';

/**
 * The key connections are counted under: the IPv4 address, or the /64 of an IPv6 one (a host
 * usually holds a whole /64, so counting single v6 addresses would cap nothing).
 */
export function addressKey(address: string | undefined): string {
  const a = normaliseAddress(address ?? '');
  if (!isIPv6(a)) return a;
  const [head = '', tail] = a.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** Counts by reason, for `stats()` and Prometheus. */
export class ReasonCounts<R extends string> {
  readonly #counts = new Map<R, number>();
  total = 0;

  add(reason: R): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
    this.total++;
  }

  snapshot(): Partial<Record<R, number>> {
    return Object.fromEntries(this.#counts) as Partial<Record<R, number>>;
  }
}

/**
 * Warn the first time a (what, address) pair happens in a minute, and log the repeats at debug:
 * a peer that sends a thousand bad frames a second is one warning a minute, not a thousand
 * synchronous writes to stdout.
 */
export class ThrottledWarnings {
  readonly #last = new Map<string, number>();

  constructor(
    private readonly logger: VtpLogger,
    private readonly windowMs = 60_000,
  ) {}

  warn(what: string, address: string, fields: object, message: string): void {
    const key = `${what} ${addressKey(address)}`;
    const now = Date.now();
    const last = this.#last.get(key);
    if (last !== undefined && now - last < this.windowMs) {
      this.logger.debug({ ...fields, remoteAddress: address }, message);
      return;
    }
    if (this.#last.size >= 10_000) this.#last.clear(); // bounded, whatever the number of peers
    this.#last.set(key, now);
    this.logger.warn({ ...fields, remoteAddress: address }, message);
  }
}

/** Caps on the connections of one listening port. */
export interface ConnectionCaps {
  maxConnections: number;
  maxConnectionsPerAddress: number;
}

/**
 * Admission of connections: the allowlist, then the caps overall and per address. Checked
 * before any byte is read, so a refused peer costs an accept and a close.
 */
export class ConnectionLimiter {
  readonly #perAddress = new Map<string, number>();
  #open = 0;

  constructor(
    private readonly allowed: (address: string | undefined) => boolean,
    private readonly caps: ConnectionCaps,
  ) {}

  get open(): number {
    return this.#open;
  }

  /** Admit `socket` (counted until it closes), or say why not. */
  admit(socket: Socket): RefusalReason | undefined {
    if (!this.allowed(socket.remoteAddress)) return 'allowlist';
    if (this.#open >= this.caps.maxConnections) return 'too-many-connections';
    const key = addressKey(socket.remoteAddress);
    const mine = this.#perAddress.get(key) ?? 0;
    if (mine >= this.caps.maxConnectionsPerAddress) return 'too-many-from-address';
    this.#perAddress.set(key, mine + 1);
    this.#open++;
    socket.once('close', () => {
      this.#open--;
      const left = (this.#perAddress.get(key) ?? 1) - 1;
      if (left <= 0) this.#perAddress.delete(key);
      else this.#perAddress.set(key, left);
    });
    return undefined;
  }
}
