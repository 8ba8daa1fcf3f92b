import type { vhfIngest } from '@svom/rest-api-types';
import { type JwtAlgorithm, mintPersonToken } from '@svom/service-kit/identity';
import { CliError, EXIT } from '../common/exit-codes.js';
import { expectStatus, type JsonClient } from '../common/https-client.js';

// The ingest's bodies, as its OpenAPI document gives them (types only).
type IngestSchemas = vhfIngest.components['schemas'];
/** The body of `POST /v1/stations`. */
export type NewStation = IngestSchemas['NewStation'];
/** A station's id and its token, shown once. */
export type StationCredentials = IngestSchemas['StationCredentials'];
/** A station's health as `GET /v1/stations` lists it. */
export type StationHealth = IngestSchemas['StationHealth'];

/** A short-lived operator token minted locally: the CLI acts as an operator of its own FSC. */
export function operatorToken(secret: string, algorithm: JwtAlgorithm = 'HS256'): string {
  return mintPersonToken(secret, 'svom-cli', ['operator'], 600, algorithm);
}

/** Registers a station; `undefined` when the id is taken (409), so callers choose to rotate. */
export async function registerStation(
  client: JsonClient,
  token: string,
  station: NewStation,
  signal?: AbortSignal,
): Promise<StationCredentials | undefined> {
  const reply = await client.request('POST', '/v1/stations', { body: station, token, signal });
  if (reply.status === 409) return undefined;
  return expectStatus(reply, `registering station ${station.id}`, 201).json<StationCredentials>();
}

/** Replaces a station's token; the old one stops working at once. */
export async function rotateStationToken(
  client: JsonClient,
  token: string,
  stationId: string,
  signal?: AbortSignal,
): Promise<StationCredentials> {
  const reply = await client.request('POST', `/v1/stations/${encodeURIComponent(stationId)}/token`, { token, signal });
  if (reply.status === 404) throw new CliError(`no station ${stationId} is registered`, EXIT.INVALID);
  return expectStatus(reply, `rotating the token of ${stationId}`, 200).json<StationCredentials>();
}

/** Registers the station, or rotates its token when it already exists (dev simulators). */
export async function registerOrRotate(
  client: JsonClient,
  token: string,
  station: NewStation,
  signal?: AbortSignal,
): Promise<StationCredentials & { rotated: boolean }> {
  const created = await registerStation(client, token, station, signal);
  if (created) return { ...created, rotated: false };
  return { ...(await rotateStationToken(client, token, station.id, signal)), rotated: true };
}

export async function listStations(client: JsonClient): Promise<StationHealth[]> {
  const reply = expectStatus(await client.request('GET', '/v1/stations'), 'listing stations', 200);
  return reply.json<IngestSchemas['StationList']>().stations;
}
