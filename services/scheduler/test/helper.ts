import { readFileSync } from 'node:fs';
import { jetstream, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { ALERT_NOTICE_HEADERS, streamName, subjectsFor } from '@svom/contracts';
import type { Database } from '@svom/db';
import { createPgliteTestDatabase, createTestDatabase } from '@svom/db/testing';
import { bearer, eventually, settingsWith, startTestInfra, TEST_JWT_SECRET } from '@svom/service-kit/testing';
import { buildSchedulerApp, type SchedulerApp } from '../src/app.js';
import { SchedulerConfig } from '../src/config.js';
import type { SchedulerSettings } from '../src/plans/settings.js';

export { eventually };
export const secret = TEST_JWT_SECRET;
export const operatorAuth = () => bearer('test-operator', ['operator']);
export const scientistAuth = () => bearer('test-scientist', ['scientist']);

/** The GCN schema's example of an ECLAIRs slewing notice (JSON), which the tests give their own burst, time and place. */
export const slewingExample = JSON.parse(
  readFileSync(
    new URL(
      '../../../libs/voevent/schemas/gcn-schema/gcn/notices/svom/eclairs/trigger.slewing.example.json',
      import.meta.url,
    ),
    'utf8',
  ),
);

export interface Harness {
  app: SchedulerApp;
  database: Database;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
  close(): Promise<void>;
}

/**
 * A scheduler on a fresh database and its own streams (PLAN, and ALERTS standing in for alerts),
 * on the machine's NATS or, given `natsUrl`, on a server of the suite's own (connected for good,
 * as the service is: it may be killed and started again under it); on embedded PGlite (as `npm
 * start` runs) given `pglite`. `consume` starts the runtime: the outbox drain and the notice consumer.
 */
export async function startScheduler(
  settings: Partial<SchedulerSettings> = {},
  options: { consume?: boolean; natsUrl?: string; pglite?: boolean } = {},
): Promise<Harness> {
  const database: Database = options.pglite ? await createPgliteTestDatabase() : await createTestDatabase();
  const t = await startTestInfra(['PLAN', 'ALERTS'], { natsUrl: options.natsUrl, database });
  const js = jetstream(t.nc, { timeout: 5000 });
  const app = await buildSchedulerApp({
    jwtSecret: secret,
    logger: false,
    infra: { database, nats: { ...t.infra.nats, js } },
    settings: settingsWith(SchedulerConfig, settings),
  });
  await app.ready();
  if (options.consume) await app.runtime.start();
  return {
    ...t,
    app,
    js,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** Submits and accepts a request through the API; answers its id. */
export async function acceptedRequest(app: SchedulerApp, body: Record<string, unknown>): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/requests',
    headers: scientistAuth(),
    payload: { title: 'target', instruments: ['MXT', 'VT'], ...body },
  });
  if (res.statusCode !== 201) throw new Error(`request: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  const ok = await app.inject({ method: 'POST', url: `/v1/requests/${id}/accept`, headers: operatorAuth() });
  if (ok.statusCode !== 200) throw new Error(`accept: ${ok.statusCode} ${ok.body}`);
  return id;
}

/**
 * Accepts `count` requests over `span` spread around the sky, so that a plan of them has real
 * choices to make: RA every 360°/`count`, Dec from `decFromDeg` up by `decStepDeg`; every
 * `tooEvery`-th, the first included, a ToO-NOM, the others GP; slices of 600 s.
 */
export async function acceptSpreadRequests(
  app: SchedulerApp,
  options: {
    count: number;
    span: { start: string; end: string };
    exposureS: number;
    decFromDeg: number;
    decStepDeg: number;
    tooEvery?: number;
  },
): Promise<void> {
  const { count, span, tooEvery = 4 } = options;
  for (let i = 0; i < count; i++) {
    await acceptedRequest(app, {
      kind: i % tooEvery === 0 ? 'ToO-NOM' : 'GP',
      raDeg: (i * 360) / count,
      decDeg: options.decFromDeg + i * options.decStepDeg,
      exposureS: options.exposureS,
      minSliceS: 600,
      earliest: span.start,
      latest: span.end,
    });
  }
}

/** Plans `span` through the API as an operator; answers the plan (201), or throws. */
export async function postPlan(app: SchedulerApp, span: { start: string; end: string }) {
  const res = await app.inject({ method: 'POST', url: '/v1/plans', headers: operatorAuth(), payload: span });
  if (res.statusCode !== 201) throw new Error(`plan: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Every message on this suite's PLAN stream, with its `Nats-Msg-Id`. */
export async function planMessages(
  h: Harness,
): Promise<Array<{ subject: string; msgId: string | undefined; data: any }>> {
  const name = streamName('PLAN', h.prefix);
  const info = await h.jsm.streams.info(name);
  const out: Array<{ subject: string; msgId: string | undefined; data: any }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await h.jsm.streams.getMessage(name, { seq }).catch(() => null);
    if (m) out.push({ subject: m.subject, msgId: m.header?.get('Nats-Msg-Id') || undefined, data: m.json() });
  }
  return out;
}

/**
 * Publishes a notice on the suite's ALERTS stream as alerts would. `msgId` defaults to one per
 * burst and notice name: a second copy with it is dropped by the stream's duplicate window and
 * never reaches the consumer, so a test of a repeated notice gives its own.
 */
export async function publishNotice(
  h: Harness,
  name: string,
  notice: Record<string, unknown>,
  msgId = `${notice.id}-${name}`,
): Promise<void> {
  const hdrs = natsHeaders();
  hdrs.set(ALERT_NOTICE_HEADERS.burstId, (notice.id as string[])[0]!);
  hdrs.set(ALERT_NOTICE_HEADERS.notice, name);
  hdrs.set(ALERT_NOTICE_HEADERS.packetType, name === 'slewing' ? '204' : '202');
  await h.js.publish(subjectsFor(h.prefix).alerts.notice(name), JSON.stringify(notice), {
    headers: hdrs,
    msgID: msgId,
  });
}

/** Resolves once the notice consumer has acknowledged (or terminated) every notice on the ALERTS stream. */
export async function noticesHandled(h: Harness, timeoutMs = 15_000): Promise<void> {
  const stream = streamName('ALERTS', h.prefix);
  await eventually(
    async () => {
      const last = (await h.jsm.streams.info(stream)).state.last_seq;
      const consumer = await h.jsm.consumers.info(stream, h.app.runtime.settings.CONSUMER_NAME);
      return consumer.ack_floor.stream_seq >= last && consumer.num_ack_pending === 0;
    },
    'the notice consumer to handle every notice',
    timeoutMs,
  );
}

/** Rows waiting in `gp.outbox`. */
export async function outboxCount(h: Harness): Promise<number> {
  const row = await h.database.db
    .selectFrom('gp.outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
