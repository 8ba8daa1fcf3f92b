import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStreams, streamName } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { mintPersonToken } from '@svom/service-kit';
import { buildSchedulerApp, type SchedulerApp } from '../src/app.js';
import { DEFAULT_SETTINGS, type SchedulerSettings } from '../src/plans/settings.js';

export const secret = 'test-secret-'.padEnd(40, 'x');
export const operatorAuth = () => ({ authorization: `Bearer ${mintPersonToken(secret, 'test-operator', ['operator'])}` });
export const scientistAuth = () => ({ authorization: `Bearer ${mintPersonToken(secret, 'test-scientist', ['scientist'])}` });

export interface Harness {
  app: SchedulerApp;
  database: TestDatabase;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
  close(): Promise<void>;
}

/** A scheduler on a fresh database and its own streams (PLAN, and ALERTS standing in for alerts). */
export async function startScheduler(settings: Partial<SchedulerSettings> = {}, options: { consume?: boolean } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const t = await connectTestNats();
  const jsm = await jetstreamManager(t.nc);
  await ensureStreams(jsm, { prefix: t.prefix }, ['PLAN', 'ALERTS']);
  const js = jetstream(t.nc, { timeout: 5000 });
  const app = await buildSchedulerApp({ jwtSecret: secret, logger: false, infra: { database, nats: { nc: t.nc, js, jsm, prefix: t.prefix } }, settings: { ...DEFAULT_SETTINGS, ...settings } });
  await app.ready();
  if (options.consume) await app.runtime.start();
  return {
    app,
    database,
    nc: t.nc,
    js,
    jsm,
    prefix: t.prefix,
    async close() {
      await app.close();
      for (const name of ['PLAN', 'ALERTS'] as const) await jsm.streams.delete(streamName(name, t.prefix)).catch(() => false);
      await t.nc.drain().catch(() => {});
      await database.close();
    },
  };
}

/** Submits and accepts a request through the API; answers its id. */
export async function acceptedRequest(app: SchedulerApp, body: Record<string, unknown>): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/v1/requests', headers: scientistAuth(), payload: { title: 'target', instruments: ['MXT', 'VT'], ...body } });
  if (res.statusCode !== 201) throw new Error(`request: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  const ok = await app.inject({ method: 'POST', url: `/v1/requests/${id}/accept`, headers: operatorAuth() });
  if (ok.statusCode !== 200) throw new Error(`accept: ${ok.statusCode} ${ok.body}`);
  return id;
}

/** Every message on this suite's PLAN stream. */
export async function planMessages(h: Harness): Promise<Array<{ subject: string; data: any }>> {
  const name = streamName('PLAN', h.prefix);
  const info = await h.jsm.streams.info(name);
  const out: Array<{ subject: string; data: any }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await h.jsm.streams.getMessage(name, { seq }).catch(() => null);
    if (m) out.push({ subject: m.subject, data: m.json() });
  }
  return out;
}

export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
