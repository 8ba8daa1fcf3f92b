import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';

/** The services the browser reaches through `/api/<name>/v1/...`. */
export const UPSTREAM_NAMES = ['alerts', 'ingest', 'followup', 'scheduler', 'notify'] as const;
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

export interface Upstream {
  name: UpstreamName;
  base: URL;
  /** Requests and their answers: a keep-alive pool. */
  agent: HttpsAgent | HttpAgent;
  /**
   * Event streams: a connection each, never from the request pool (64 open streams held every
   * pooled socket, and every other call to the service then waited, Burst Advocate's included).
   */
  streamAgent: HttpsAgent | HttpAgent;
}

export type Upstreams = ReadonlyMap<string, Upstream>;

/**
 * Two agents per service: a keep-alive pool for requests, and one for event streams sized to the
 * stream cap (so a stream never queues). `ca` is the certificate to trust: on one machine every
 * service serves the same self-signed pair, so our own certificate is the CA by default.
 */
export function makeUpstreams(urls: Record<UpstreamName, string>, ca: string | undefined, maxStreams = 256): Upstreams {
  const map = new Map<string, Upstream>();
  for (const name of UPSTREAM_NAMES) {
    const base = new URL(urls[name]);
    const make = (keepAlive: boolean, maxSockets: number) =>
      base.protocol === 'https:'
        ? new HttpsAgent({ keepAlive, maxSockets, ...(ca ? { ca } : {}) })
        : new HttpAgent({ keepAlive, maxSockets });
    map.set(name, { name, base, agent: make(true, 64), streamAgent: make(false, maxStreams) });
  }
  return map;
}

/**
 * The upstream URL of a proxied path, or undefined when the path could leave the upstream's
 * `root` (`/v1`; `/schemas` for the published JSON schemas): the result must keep the upstream's origin (`//elsewhere/x` would otherwise become
 * another host), and no segment may be a dot segment or hide a slash once decoded (`..`,
 * `%2e%2e`, `..%2f`, `..\`): those reached the upstream's /metrics, /ready and /docs (issue 16).
 */
export function upstreamUrl(upstream: Upstream, pathAndQuery: string, root = '/v1'): URL | undefined {
  const query = pathAndQuery.indexOf('?');
  const path = query < 0 ? pathAndQuery : pathAndQuery.slice(0, query);
  if (!path.startsWith(`${root}/`) && path !== root) return undefined;
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded)) return undefined;
  }
  const basePath = upstream.base.pathname.replace(/\/$/, '');
  const url = new URL(`${upstream.base.origin}${basePath}${pathAndQuery}`);
  const stillUnderRoot = url.pathname === `${basePath}${root}` || url.pathname.startsWith(`${basePath}${root}/`);
  return url.origin === upstream.base.origin && stillUnderRoot ? url : undefined;
}

export function closeUpstreams(upstreams: Upstreams): void {
  for (const u of upstreams.values()) {
    u.agent.destroy();
    u.streamAgent.destroy();
  }
}
