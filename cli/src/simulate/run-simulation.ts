import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { vhfIngest } from '@svom/rest-api-types';
import { createRng, relayFrames, type Reception } from '@svom/vhf-sim';
import { CliError, EXIT } from '../common/exit-codes.js';
import { jwtAlgorithm } from '../common/environment.js';
import { createJsonClient, problemText, type JsonClient } from '../common/https-client.js';
import { operatorToken, registerOrRotate } from '../station/station-api.js';
import { ReceptionQueue } from './reception-queue.js';
import { SatelliteTraffic } from './satellite-traffic.js';
import { RateMeter, type SimulationStats } from './simulation-stats.js';
import { simulatedStations } from './station-sites.js';

export interface SimulationOptions {
  /** The ingest service, e.g. https://127.0.0.1:8441. */
  url: string;
  stations: number;
  /** Target receptions a second, copies included. */
  rate: number;
  seed?: number | undefined;
  /** Stop after this many seconds (default: until the signal aborts). */
  durationS?: number | undefined;
  burstsPerMin?: number | undefined;
  /** Mean receptions of each frame across stations (default 3). */
  meanCopies?: number | undefined;
  /** Chance a reception is damaged (default 0.05). */
  damageProbability?: number | undefined;
  /** Certificates to trust (the local FSC's self-signed one). */
  ca?: string[] | undefined;
  /** Operator JWT for registering stations, or the key to mint one. */
  operatorToken?: string | undefined;
  jwtSecret?: string | undefined;
  /** How often stations post what they heard (default 500 ms). */
  tickMs?: number | undefined;
  onProgress?: ((stats: SimulationStats) => void) | undefined;
}

/** Receptions of one station in one request, at most (ICD-VHF 1 allows 1000). */
const MAX_BATCH = 500;

/**
 * Simulated VHF stations relaying a simulated satellite to the ingest, in real time: stations
 * register themselves (rotating the token of an id that exists, so a rerun works), then every
 * tick each station posts, in one batch over a shared keep-alive HTTPS agent, the receptions
 * it heard since its last post: 2-15 s after on-board time, ~3 copies a frame across stations,
 * a few damaged. Batches the ingest could not take (503, network) are posted again later, as
 * a station would. Resolves with the final figures when `durationS` ends or `signal` aborts.
 * @throws {CliError} exit 3 when the ingest does not answer at registration
 */
export async function runSimulation(options: SimulationOptions, signal?: AbortSignal): Promise<SimulationStats> {
  if (!(options.stations >= 1)) throw new CliError('--stations must be at least 1', EXIT.USAGE);
  // Each station's request in flight listens on this one signal: more than Node's default of 10
  // listeners with a dozen stations, which is no leak.
  if (signal) setMaxListeners(options.stations + 10, signal);
  const rng = createRng(options.seed ?? Date.now());
  const client = createJsonClient(options.url, { ca: options.ca, maxSockets: Math.min(64, options.stations) });
  const startedMs = Date.now();
  const meanCopies = Math.min(options.meanCopies ?? 3, options.stations);
  const stats: SimulationStats = {
    elapsedS: 0,
    stations: 0,
    posted: 0,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    failedBatches: 0,
    batches: 0,
    burstsSent: 0,
    ratePerS: 0,
  };
  try {
    const tokens = await registerStations(client, options, signal);
    stats.stations = tokens.size;
    const stationIds = [...tokens.keys()];
    // The satellite started talking 15 s ago (the longest relay latency), so stations have
    // something to post from the first tick; receptions from before we started are dropped.
    const bursts = options.burstsPerMin ?? 1;
    const traffic = new SatelliteTraffic({
      rng,
      startMs: startedMs - 15_000,
      loadPacketsPerS: Math.max(0, options.rate / meanCopies - 1 / 60),
      burstsPerMin: bursts,
      // The first burst 10 s ago, so its first alerts flow within a second of starting.
      firstBurstAtMs: startedMs - 10_000,
    });
    const queue = new ReceptionQueue();
    const meter = new RateMeter();
    const endMs = options.durationS === undefined ? Infinity : startedMs + options.durationS * 1000;
    const tickMs = options.tickMs ?? 500;

    while (!signal?.aborted && Date.now() < endMs) {
      const tickStart = Date.now();
      const frames = traffic.framesUntil(tickStart);
      const relay = (list: typeof frames) =>
        relayFrames(list, {
          rng,
          stations: stationIds,
          meanCopies,
          damageProbability: options.damageProbability ?? 0.05,
        }).receptions;
      // Platform receptions from before we started are dropped (no backlog spike at start);
      // a burst's are kept, as stations would post what they buffered: its alert comes at once.
      queue.push(
        relay(frames.filter((f) => f.source === 'platform')).filter((r) => Date.parse(r.receivedAt) >= startedMs),
      );
      queue.push(relay(frames.filter((f) => f.source !== 'platform')));
      stats.burstsSent = traffic.bursts;
      const due = queue.takeDue(tickStart, MAX_BATCH);
      await Promise.all(
        [...due].map(([stationId, receptions]) =>
          postBatch(client, tokens.get(stationId)!, receptions, stats, meter, queue, signal),
        ),
      );
      stats.elapsedS = (Date.now() - startedMs) / 1000;
      stats.ratePerS = meter.perSecond(Date.now(), startedMs);
      options.onProgress?.({ ...stats });
      const wait = Math.min(tickMs - (Date.now() - tickStart), endMs - Date.now());
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => {});
    }
    stats.elapsedS = (Date.now() - startedMs) / 1000;
    stats.ratePerS = stats.posted / Math.max(stats.elapsedS, 0.001);
    return stats;
  } finally {
    client.close();
  }
}

async function registerStations(
  client: JsonClient,
  options: SimulationOptions,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const token =
    options.operatorToken ?? (options.jwtSecret ? operatorToken(options.jwtSecret, jwtAlgorithm()) : undefined);
  if (!token)
    throw new CliError(
      'registering stations needs an operator token (--token) or the signing key (JWT_SECRET or DATA_DIR)',
      EXIT.USAGE,
    );
  const tokens = new Map<string, string>();
  // A few at a time: registration is rate-limited per client on the ingest side.
  const stations = simulatedStations(options.stations);
  for (let i = 0; i < stations.length; i += 8) {
    const results = await Promise.all(
      stations.slice(i, i + 8).map((station) => registerOrRotate(client, token, station, signal)),
    );
    for (const r of results) tokens.set(r.stationId, r.token);
  }
  return tokens;
}

async function postBatch(
  client: JsonClient,
  token: string,
  receptions: Reception[],
  stats: SimulationStats,
  meter: RateMeter,
  queue: ReceptionQueue,
  signal?: AbortSignal,
): Promise<void> {
  stats.batches++;
  try {
    const reply = await client.request('POST', '/v1/receptions', {
      body: { receptions } satisfies vhfIngest.components['schemas']['Receptions'],
      token,
      signal,
      timeoutMs: 15_000,
    });
    if (reply.status !== 200) {
      stats.failedBatches++;
      stats.lastError = problemText(reply);
      // 5xx and 429: the ingest promised nothing, so the station tries again; a 4xx is our bug.
      if (reply.status >= 500 || reply.status === 429) queue.requeue(receptions);
      return;
    }
    const { results } = reply.json<vhfIngest.components['schemas']['ReceptionsReply']>();
    for (const result of results) stats[result.status]++;
    stats.posted += receptions.length;
    meter.add(receptions.length);
  } catch (error) {
    if (signal?.aborted) return;
    stats.failedBatches++;
    stats.lastError = error instanceof Error ? error.message : String(error);
    queue.requeue(receptions);
  }
}
