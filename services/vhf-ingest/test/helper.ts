import {
  bearer,
  eventually,
  settingsWith,
  shuffled,
  startTestInfra,
  TEST_JWT_SECRET,
  type TestInfra,
} from '@svom/service-kit/testing';
export { eventually, shuffled };
import { readFileSync } from 'node:fs';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamName, subjectsFor } from '@svom/contracts';
import { encodeFrame } from '@svom/vhf';
import { createPgliteTestDatabase, createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { buildIngestApp } from '../src/app.js';
import { IngestConfig } from '../src/config.js';

export const secret = TEST_JWT_SECRET;
export const operatorAuth = () => bearer('test-operator', ['operator']);

export const vectors = {
  frames: JSON.parse(readFileSync(new URL('../../../testdata/vectors/frames.json', import.meta.url), 'utf8')),
  burst: JSON.parse(readFileSync(new URL('../../../testdata/vectors/burst-relayed.json', import.meta.url), 'utf8')),
};

export const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** The payload of frames.json's recurrent platform frame (its 13-byte header and CRC cut off). */
const platformPayload = Buffer.from(
  vectors.frames.frames.find((f: { name: string }) => f.name === 'platform-recurrent').hex,
  'hex',
).subarray(13, -2);

/**
 * A platform packet, base64, as a station posts it: frames.json's recurrent platform frame with
 * its sequence count and OBT chosen, so a test makes as many distinct packets as it needs.
 * `tweak` changes the last payload byte (the observation id's low byte): the same key, other bytes.
 */
export function platformFrame(sequenceCount: number, obt: Date, tweak = 0): string {
  const payload = Buffer.from(platformPayload);
  payload[payload.length - 1] = (payload[payload.length - 1]! + tweak) & 0xff;
  return Buffer.from(
    encodeFrame({ apid: 0x310, messageType: 1, sequenceFlags: 'standalone', sequenceCount, obt, payload }),
  ).toString('base64');
}

export type IngestApp = Awaited<ReturnType<typeof buildIngestApp>>;

export interface Harness {
  app: IngestApp;
  /** What the app was built on: a second instance built on it is a second replica. */
  infra: TestInfra['infra'];
  database: Pick<TestDatabase, 'db' | 'close' | 'kind' | 'description'> & { name?: string };
  nc: NatsConnection;
  jsm: JetStreamManager;
  prefix: string;
  close(): Promise<void>;
}

/** An ingest app on a fresh database and its own streams, on the machine's real PostgreSQL and NATS. */
export async function startIngest(
  options: {
    natsUrl?: string;
    pglite?: boolean;
    settings?: Partial<Parameters<typeof buildIngestApp>[0]['settings']>;
    /** Pino's options (a stream the test reads); no logs by default. */
    logger?: Parameters<typeof buildIngestApp>[0]['logger'];
  } = {},
): Promise<Harness> {
  const t = await startTestInfra(['VHF'], {
    natsUrl: options.natsUrl,
    database: options.pglite ? await createPgliteTestDatabase() : await createTestDatabase(),
  });
  const app = await buildIngestApp({
    jwtSecret: secret,
    logger: options.logger ?? false,
    infra: t.infra,
    settings: settingsWith(IngestConfig, {
      OUTBOX_RETRY_MS: 200,
      ...options.settings,
    }),
  });
  await app.ready();
  return {
    ...t,
    app,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** Registers a station through the API, as `svom station add` does; answers its token. */
export async function addStation(app: IngestApp, id: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/stations',
    headers: operatorAuth(),
    payload: { id, name: `Station ${id}`, latitudeDeg: -20, longitudeDeg: 55 },
  });
  if (res.statusCode !== 201) throw new Error(`station ${id}: ${res.statusCode} ${res.body}`);
  return res.json().token;
}

export async function post(app: IngestApp, token: string, receptions: unknown[]) {
  return app.inject({
    method: 'POST',
    url: '/v1/receptions',
    headers: { authorization: `Bearer ${token}` },
    payload: { receptions },
  });
}

/** Every message on the VHF stream of this suite, by subject. */
export async function streamMessages(
  jsm: JetStreamManager,
  prefix: string,
): Promise<Array<{ subject: string; data: any }>> {
  const info = await jsm.streams.info(streamName('VHF', prefix));
  const out: Array<{ subject: string; data: any }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(streamName('VHF', prefix), { seq }).catch(() => null);
    if (m) out.push({ subject: m.subject, data: m.json() });
  }
  return out;
}

export async function count(database: Pick<TestDatabase, 'db'>, table: string, where = 'true'): Promise<number> {
  const { rows } = await (await import('kysely')).sql
    .raw<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`)
    .execute(database.db);
  return rows[0]!.n;
}

export const packetSubject = (prefix: string) => subjectsFor(prefix).vhf.packets;

/** The embedded database `npm start` uses, migrated, in a folder removed on close. */
