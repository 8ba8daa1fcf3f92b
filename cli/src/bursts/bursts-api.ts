import type { alerts } from '@svom/rest-api-types';
import { CliError, EXIT } from '../common/exit-codes.js';
import { expectStatus, type JsonClient } from '../common/https-client.js';

// The alerts service's answers, as its OpenAPI document gives them (types only: the CLI's
// runtime and its standalone package gain nothing).
/** A burst as `GET /v1/bursts` lists it. */
export type BurstSummary = alerts.components['schemas']['BurstSummary'];
/** A burst as `GET /v1/bursts/{burstId}` gives it: its notices, light curve and timeline too. */
export type BurstDetail = alerts.components['schemas']['BurstDetail'];
type BurstPage = alerts.components['schemas']['BurstPage'];

export interface BurstQuery {
  since?: string | undefined;
  until?: string | undefined;
  instrument?: string | undefined;
  status?: string | undefined;
  /** How many bursts at most, across pages (Infinity for all). */
  max: number;
}

/** Newest T0 first, following `nextCursor` until `max` bursts or the last page. */
export async function listBursts(client: JsonClient, query: BurstQuery): Promise<BurstSummary[]> {
  const out: BurstSummary[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams();
    for (const key of ['since', 'until', 'instrument', 'status'] as const) if (query[key]) params.set(key, query[key]!);
    params.set('limit', String(Math.min(500, query.max - out.length)));
    if (cursor) params.set('cursor', cursor);
    const page = expectStatus(
      await client.request('GET', `/v1/bursts?${params}`),
      'listing bursts',
      200,
    ).json<BurstPage>();
    out.push(...page.bursts);
    cursor = page.nextCursor;
  } while (cursor && out.length < query.max);
  return out;
}

export async function getBurst(client: JsonClient, burstId: string): Promise<BurstDetail> {
  const reply = await client.request('GET', `/v1/bursts/${encodeURIComponent(burstId)}`);
  if (reply.status === 404) throw new CliError(`no burst ${burstId}`, EXIT.INVALID);
  return expectStatus(reply, `reading burst ${burstId}`, 200).json<BurstDetail>();
}
