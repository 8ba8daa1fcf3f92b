import { createHash, timingSafeEqual } from 'node:crypto';
import { createAddressAllowlist, type AddressAllowlist } from '@svom/vtp/address-allowlist';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ConfigError } from './config.js';
import { sendProblem } from './plugins/problem.plugin.js';

/**
 * Who may read an operators' endpoint (`/metrics`, `/docs`): a peer address on the allowlist,
 * or anyone showing the token. Everyone in development; in production (NODE_ENV=production)
 * this host only unless configured, since metrics and the API map tell an attacker what runs
 * and how busy it is (issue 15).
 */
export interface EndpointAccess {
  /** The peer addresses admitted without a token; `undefined` admits every address. */
  allow: AddressAllowlist | undefined;
  /** A bearer token (or HTTP Basic password) admitting any address. */
  token: string | undefined;
}

export interface OperatorAccess {
  metrics: EndpointAccess;
  docs: EndpointAccess;
}

/** The settings behind {@link OperatorAccess} (BaseConfig's METRICS_* and DOCS_*). */
export interface OperatorAccessSettings {
  METRICS_ALLOW?: string | undefined;
  METRICS_TOKEN?: string | undefined;
  DOCS_ALLOW?: string | undefined;
  DOCS_TOKEN?: string | undefined;
}

/**
 * Reads the allowlists and tokens. An unset allowlist means every address in development and
 * loopback only in production or when a token is set (a token is asked for to restrict);
 * `*` admits every address, `none` none (the token only). A bad entry is a ConfigError naming
 * the variable.
 */
export function operatorAccessFrom(
  settings: OperatorAccessSettings,
  env: Record<string, string | undefined> = process.env,
): OperatorAccess {
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  const read = (name: 'METRICS' | 'DOCS'): EndpointAccess => {
    const token = settings[`${name}_TOKEN`] || undefined;
    const entries = (settings[`${name}_ALLOW`] ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (entries.length === 0) return { allow: production || token ? loopbackOnly : undefined, token };
    if (entries.length === 1 && entries[0] === '*') return { allow: undefined, token };
    if (entries.length === 1 && entries[0] === 'none') return { allow: () => false, token };
    try {
      return { allow: createAddressAllowlist(entries), token };
    } catch (error) {
      problems.push(`${name}_ALLOW: ${(error as Error).message} (IPs and CIDRs, comma-separated; or * or none)`);
      return { allow: loopbackOnly, token };
    }
  };
  const access = { metrics: read('METRICS'), docs: read('DOCS') };
  if (problems.length) throw new ConfigError(problems);
  return access;
}

const loopbackOnly = createAddressAllowlist([]);

/**
 * The onRequest hook that keeps an operators' endpoint to its readers: 403 problem+json for an
 * address not admitted when no token could help, 401 (with `WWW-Authenticate`) when a token
 * could and none or a wrong one was sent. The token goes as `Authorization: Bearer <token>`
 * (Prometheus' `authorization.credentials_file`) or as the password of HTTP Basic (a browser
 * on `/docs` asks for it; any user name).
 */
export function accessGuard(access: EndpointAccess, what: string): onRequestAsyncHookHandler {
  const expected = access.token === undefined ? undefined : digest(access.token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (access.allow === undefined || access.allow(request.ip)) return;
    if (expected === undefined)
      return sendProblem(reply, {
        status: 403,
        code: 'FSC_FORBIDDEN',
        detail: `${what} is not served to ${request.ip}: see ${what === '/metrics' ? 'METRICS' : 'DOCS'}_ALLOW`,
        instance: request.url,
      });
    const presented = presentedToken(request.headers.authorization);
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return;
    reply.header('www-authenticate', `Bearer realm="${what}", Basic realm="${what}", charset="UTF-8"`);
    return sendProblem(reply, {
      status: 401,
      code: 'FSC_UNAUTHORIZED',
      detail: `${what} needs its token${presented === undefined ? '' : ' (the one sent is not it)'}`,
      instance: request.url,
    });
  };
}

/** The token of `Bearer <token>` or the password of `Basic base64(user:password)`. */
function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') return value || undefined;
  if (scheme.toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Compared as digests: equal lengths for timingSafeEqual, and no length leaked. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
