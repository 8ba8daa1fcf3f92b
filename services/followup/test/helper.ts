import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamName } from '@svom/contracts';
import { publishAlertNotice } from '@svom/contracts/testing';
import type { TestDatabase } from '@svom/db/testing';
import { bearer, eventually, settingsWith, startTestInfra, TEST_JWT_SECRET } from '@svom/service-kit/testing';
import type { SvomNotice } from '@svom/voevent';
import { sql } from 'kysely';
import { buildFollowupApp, type FollowupApp } from '../src/app.js';
import { FollowupConfig } from '../src/config.js';

export { eventually };
export const secret = TEST_JWT_SECRET;
export const operatorAuth = () => bearer('test-operator', ['operator']);
export const scientistAuth = () => bearer('test-scientist', ['scientist']);

export interface Harness {
  app: FollowupApp;
  database: TestDatabase;
  nc: NatsConnection;
  jsm: JetStreamManager;
  prefix: string;
  /** Moves the planning clock. */
  setNow(date: Date): void;
  close(): Promise<void>;
}

/** A follow-up app on a fresh database and its own streams, its consumer running, on the real PostgreSQL and NATS. */
export async function startFollowup(options: {
  now: Date;
  settings?: Partial<Parameters<typeof buildFollowupApp>[0]['settings']>;
}): Promise<Harness> {
  const t = await startTestInfra(['ALERTS', 'FOLLOWUP']);
  let now = options.now;
  const app = await buildFollowupApp({
    jwtSecret: secret,
    logger: false,
    clock: () => now,
    infra: t.infra,
    settings: settingsWith(FollowupConfig, {
      CONSUMER_ACK_WAIT_S: 10,
      CONSUMER_MAX_DELIVER: 3,
      CONSUMER_BACKOFF_MS: 50,
      OUTBOX_RETRY_MS: 200,
      ...options.settings,
    }),
  });
  await app.ready();
  await app.runtime.start();
  return {
    ...t,
    app,
    setNow: (date) => void (now = date),
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** Publishes a notice as alerts does (JSON, headers, Nats-Msg-Id its key, or `msgId`). */
export async function publishNotice(
  h: Harness,
  notice: SvomNotice,
  options: { msgId?: string } = {},
): Promise<{ ivorn: string; key: string; json: Record<string, unknown> }> {
  return publishAlertNotice(h.nc, h.prefix, notice, options);
}

/** Every message of a stream of this suite whose subject starts with `startsWith`. */
export async function streamMessages(
  h: Harness,
  stream: 'ALERTS' | 'FOLLOWUP',
  startsWith = '',
): Promise<Array<{ subject: string; data: any; msgId: string | undefined }>> {
  const info = await h.jsm.streams.info(streamName(stream, h.prefix));
  const out: Array<{ subject: string; data: any; msgId: string | undefined }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await h.jsm.streams.getMessage(streamName(stream, h.prefix), { seq }).catch(() => null);
    if (m && m.subject.startsWith(startsWith))
      out.push({ subject: m.subject, data: m.json(), msgId: m.header?.get('Nats-Msg-Id') });
  }
  return out;
}

export async function count(database: TestDatabase, table: string, where = 'true'): Promise<number> {
  const { rows } = await sql
    .raw<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`)
    .execute(database.db);
  return rows[0]!.n;
}
