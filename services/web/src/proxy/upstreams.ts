import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';

/** The services the browser reaches through `/api/<name>/v1/...`. */
export const UPSTREAM_NAMES = ['alerts', 'ingest', 'followup', 'scheduler'] as const;
export type UpstreamName = (typeof UPSTREAM_NAMES)[number];

export interface Upstream {
  name: UpstreamName;
  base: URL;
  agent: HttpsAgent | HttpAgent;
}

export type Upstreams = ReadonlyMap<string, Upstream>;

/**
 * One keep-alive agent per service. `ca` is the certificate to trust: on one machine every
 * service serves the same self-signed pair, so our own certificate is the CA by default.
 */
export function makeUpstreams(urls: Record<UpstreamName, string>, ca: string | undefined): Upstreams {
  const map = new Map<string, Upstream>();
  for (const name of UPSTREAM_NAMES) {
    const base = new URL(urls[name]);
    const agent =
      base.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 64, ...(ca ? { ca } : {}) })
        : new HttpAgent({ keepAlive: true, maxSockets: 64 });
    map.set(name, { name, base, agent });
  }
  return map;
}

/**
 * The upstream URL of a proxied path, or undefined when the path could leave the upstream:
 * only `/v1/...` is served, and the result must keep the upstream's origin (a path such as
 * `//elsewhere/x` would otherwise become another host).
 */
export function upstreamUrl(upstream: Upstream, pathAndQuery: string): URL | undefined {
  if (!pathAndQuery.startsWith('/v1/') && pathAndQuery !== '/v1') return undefined;
  const basePath = upstream.base.pathname.replace(/\/$/, '');
  const url = new URL(`${upstream.base.origin}${basePath}${pathAndQuery}`);
  return url.origin === upstream.base.origin ? url : undefined;
}

export function closeUpstreams(upstreams: Upstreams): void {
  for (const u of upstreams.values()) u.agent.destroy();
}
