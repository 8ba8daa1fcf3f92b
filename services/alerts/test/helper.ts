import { bearer, eventually, settingsWith, shuffled, startTestInfra, TEST_JWT_SECRET } from '@svom/service-kit/testing';
export { eventually, shuffled };
import { readFileSync } from 'node:fs';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamName, subjectsFor, type Subjects } from '@svom/contracts';
import type { TestDatabase } from '@svom/db/testing';
import type { Role } from '@svom/service-kit';
import { buildIngestApp, IngestConfig, type IngestApp } from '@svom/vhf-ingest';
import { VtpSubscriber } from '@svom/vtp';
import { buildAlertsApp, type AlertsApp } from '../src/app.js';
import { AlertsConfig } from '../src/config.js';
import type { AlertsSettings } from '../src/runtime.js';

export const secret = TEST_JWT_SECRET;
export const auth = (name: string, roles: Role[]) => bearer(name, roles);

export const vectors = {
  frames: JSON.parse(readFileSync(new URL('../../../testdata/vectors/frames.json', import.meta.url), 'utf8')),
  burst: JSON.parse(readFileSync(new URL('../../../testdata/vectors/burst-relayed.json', import.meta.url), 'utf8')),
};

export const settings: AlertsSettings = settingsWith(AlertsConfig, {
  VTP_HOST: '127.0.0.1',
  VTP_SUBSCRIBER_PORT: 0,
  VTP_AUTHOR_PORT: 0,
  VTP_IVORN: 'ivo://org.svom/fsc/vtp-test',
  CONSUMER_ACK_WAIT_S: 5,
  CONSUMER_MAX_DELIVER: 5,
  OUTBOX_RETRY_MS: 200,
});

export interface Harness {
  ingest: IngestApp;
  alerts: AlertsApp;
  database: TestDatabase;
  nc: NatsConnection;
  jsm: JetStreamManager;
  prefix: string;
  subjects: Subjects;
  /** Starts a second alerts instance on the same database and streams. */
  another(): Promise<AlertsApp>;
  close(): Promise<void>;
}

/**
 * The real ingest app and the alerts app on one fresh database and this suite's own streams, on
 * the machine's NATS or, given `natsUrl`, on a server of the suite's own (connected for good, as
 * a service is: it may be killed and started again under them).
 */
export async function startAlerts(
  overrides: Partial<AlertsSettings> = {},
  options: { natsUrl?: string } = {},
): Promise<Harness> {
  const t = await startTestInfra(['VHF', 'ALERTS'], { natsUrl: options.natsUrl });
  const { infra } = t;
  const ingest = await buildIngestApp({
    jwtSecret: secret,
    logger: false,
    infra,
    settings: settingsWith(IngestConfig, {
      OUTBOX_RETRY_MS: 200,
    }),
  });
  await ingest.ready();
  ingest.runtime.start();
  const apps: AlertsApp[] = [];
  const build = async () => {
    const app = await buildAlertsApp({
      jwtSecret: secret,
      logger: false,
      infra,
      settings: { ...settings, ...overrides },
    });
    await app.ready();
    await app.runtime.start();
    apps.push(app);
    return app;
  };
  const alerts = await build();
  return {
    ...t,
    ingest,
    alerts,
    subjects: subjectsFor(t.prefix),
    another: build,
    async close() {
      for (const app of apps) await app.close();
      await ingest.close();
      await t.close();
    },
  };
}

/**
 * Every frame of frames.json (burst sb26021101: wakeup, GRM trigger, slewing, MXT and VT notices,
 * a light curve), as station `stationId` received them: for `postReceptions`.
 */
export function framesJsonReceptions(
  stationId: string,
): Array<{ stationId: string; receivedAt: string; frame: string }> {
  const frames: string[] = vectors.frames.frames.flatMap((f: { hex?: string; multiFrame?: string[] }) =>
    f.hex ? [f.hex] : f.multiFrame!,
  );
  return frames.map((hex) => ({
    stationId,
    receivedAt: '2026-02-11T19:40:00.000Z',
    frame: Buffer.from(hex, 'hex').toString('base64'),
  }));
}

/** Registers a station on the ingest app; answers its token. */
export async function addStation(app: IngestApp, id: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/stations',
    headers: auth('op', ['operator']),
    payload: { id, name: `Station ${id}`, latitudeDeg: -20, longitudeDeg: 55 },
  });
  if (res.statusCode !== 201) throw new Error(`station ${id}: ${res.statusCode} ${res.body}`);
  return res.json().token;
}

/** Posts receptions, one request per station, as the stations would. */
export async function postReceptions(
  app: IngestApp,
  tokens: Record<string, string>,
  receptions: Array<{ stationId: string }>,
): Promise<void> {
  const byStation = new Map<string, unknown[]>();
  for (const r of receptions) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
  for (const [station, rs] of byStation) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/receptions',
      headers: { authorization: `Bearer ${tokens[station]}` },
      payload: { receptions: rs },
    });
    if (res.statusCode !== 200) throw new Error(`receptions: ${res.statusCode} ${res.body}`);
  }
}

export async function count(database: TestDatabase, table: string, where = 'true'): Promise<number> {
  const { rows } = await (await import('kysely')).sql
    .raw<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`)
    .execute(database.db);
  return rows[0]!.n;
}

/** Collects every message on a subject (core subscription). */
export function collect(nc: NatsConnection, subject: string) {
  const messages: Array<{ subject: string; data: string; headers: Record<string, string> }> = [];
  const sub = nc.subscribe(subject, {
    callback: (_e, m) => {
      const headers: Record<string, string> = {};
      for (const k of m.headers?.keys() ?? []) headers[k] = m.headers!.get(k);
      messages.push({ subject: m.subject, data: m.string(), headers });
    },
  });
  return { messages, stop: () => sub.unsubscribe() };
}

/** Every message of the suite's ALERTS stream: its Nats-Msg-Id and headers. */
export async function alertsStream(
  jsm: JetStreamManager,
  prefix: string,
): Promise<Array<{ subject: string; headers: Record<string, string> }>> {
  const stream = streamName('ALERTS', prefix);
  const info = await jsm.streams.info(stream);
  const out: Array<{ subject: string; headers: Record<string, string> }> = [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m === null) continue;
    const headers: Record<string, string> = {};
    for (const k of m.header?.keys() ?? []) headers[k] = m.header.get(k);
    out.push({ subject: m.subject, headers });
  }
  return out;
}

/**
 * A VTP subscriber on the harness's subscriber port, resolved once the broker counts it: every
 * VOEvent relayed afterwards reaches `onEvent`. Reconnects fast, for the tests that cut it off.
 */
export async function subscribeToVtp(
  h: Harness,
  onEvent: (event: { ivorn: string; xml: string }) => void,
): Promise<VtpSubscriber> {
  const subscriber = new VtpSubscriber({
    host: '127.0.0.1',
    port: h.alerts.runtime.vtp.ports.subscribers,
    backoff: { initialDelayMs: 50, maxDelayMs: 200, factor: 2 },
  });
  subscriber.on('voevent', (e) => onEvent({ ivorn: e.ivorn, xml: e.xml }));
  subscriber.start();
  const before = h.alerts.runtime.vtp.broker.stats().subscribers;
  await eventually(() => h.alerts.runtime.vtp.broker.stats().subscribers > before, 'the VTP subscriber');
  return subscriber;
}
