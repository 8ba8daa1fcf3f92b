import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { FastifyInstance } from 'fastify';
import { AlertsConfig, buildAlertsApp, type AlertsApp } from '@svom/alerts';
import { ensureStreams, stationHealthExample, streamName, STREAM_NAMES, subjectsFor } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { buildFollowupApp, FollowupConfig, type FollowupApp } from '@svom/followup';
import { buildSchedulerApp, SchedulerConfig, type SchedulerApp } from '@svom/scheduler';
import { loadTls, mintPersonToken, type HttpLimits, type Role } from '@svom/service-kit';
import { buildIngestApp, IngestConfig, type IngestApp } from '@svom/vhf-ingest';
import { buildNotifyApp, NotifyConfig, type NotifyApp } from '@svom/notify';
import { buildWebApp, type WebApp } from '../src/app.js';
export { eventually } from '@svom/service-kit/testing';
import { settingsWith } from '@svom/service-kit/testing';

export const secret = 'web-test-secret-'.padEnd(40, 'x');
export const tokenFor = (name: string, roles: Role[]) => mintPersonToken(secret, name, roles);

export const burstVector = JSON.parse(
  readFileSync(new URL('../../../testdata/vectors/burst-relayed.json', import.meta.url), 'utf8'),
) as {
  receptions: Array<{ stationId: string; receivedAt: string; frame: string; rssiDbm: number }>;
  expect: { notices: string[]; t0: string; burstPosition: { raDeg: number; decDeg: number } };
};

/** Where the VHF stations of burst-relayed.json are put on the map (Nouméa, Kourou, Darwin...). */
const STATION_SITES: Record<string, [number, number, string]> = {
  DAR1: [-12.46, 130.84, 'Darwin'],
  NCL1: [-22.27, 166.45, 'Nouméa'],
  KRU1: [5.16, -52.65, 'Kourou'],
  MAL1: [-3.22, 40.12, 'Malindi'],
  SGP1: [1.35, 103.82, 'Singapore'],
  CBR1: [-35.28, 149.13, 'Canberra'],
  KOU1: [5.16, -52.65, 'Kourou'],
  LIB1: [0.39, 9.45, 'Libreville'],
  MUS1: [23.59, 58.41, 'Muscat'],
  OUK1: [12.37, -1.52, 'Ouagadougou'],
  SEY1: [-4.68, 55.49, 'Mahé'],
};

export interface Stack {
  ingest: IngestApp;
  alerts: AlertsApp;
  followup: FollowupApp;
  scheduler: SchedulerApp;
  notify: NotifyApp;
  web: WebApp;
  database: TestDatabase;
  /** The self-signed certificate every app serves: what a client trusts. */
  ca: string;
  /** https://127.0.0.1:<port> of the dashboard. */
  webUrl: string;
  /** Registers the stations of burst-relayed.json; answers their tokens. */
  addStations(): Promise<Record<string, string>>;
  /** Posts the relayed frames, one request per station, as the stations would. */
  feedBurst(tokens: Record<string, string>): Promise<void>;
  /** Publishes a station's health as the ingest does (notify opens and closes its alarms on it). */
  stationHealth(stationId: string, status: 'active' | 'silent'): Promise<void>;
  close(): Promise<void>;
}

const url = (app: FastifyInstance) => {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `https://127.0.0.1:${address.port}`;
};

/**
 * The whole FSC as `svom start` runs it (notify included), in this process: one fresh database, one NATS prefix of
 * its own, every app over HTTPS on an ephemeral port with one self-signed pair, and the web
 * service proxying to them. The follow-up clock is pinned just after the vector's T0 so its
 * planning sees the burst as fresh.
 */
export async function startStack(options: { limits?: Partial<HttpLimits> } = {}): Promise<Stack> {
  const database = await createTestDatabase();
  const t = await connectTestNats();
  const nc = t.nc;
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, { prefix: t.prefix }, STREAM_NAMES);
  const infra = { database, nats: { nc, js: jetstream(nc, { timeout: 5000 }), jsm, prefix: t.prefix } };
  const tlsDir = mkdtempSync(join(tmpdir(), 'svom-web-tls-'));
  const { cert, key } = await loadTls({ dataDir: tlsDir });
  const https = { cert, key };
  const common = { jwtSecret: secret, logger: false as const, infra, https, limits: options.limits };

  const ingest = await buildIngestApp({
    ...common,
    settings: settingsWith(IngestConfig, {
      STATION_REPORT_INTERVAL_S: 2,
      OUTBOX_RETRY_MS: 200,
    }),
  });
  const alerts = await buildAlertsApp({
    ...common,
    settings: settingsWith(AlertsConfig, {
      VTP_HOST: '127.0.0.1',
      VTP_SUBSCRIBER_PORT: 0,
      VTP_AUTHOR_PORT: 0,
      VTP_IVORN: 'ivo://org.svom/fsc/vtp-web-test',
      CONSUMER_ACK_WAIT_S: 5,
      CONSUMER_MAX_DELIVER: 5,
      OUTBOX_RETRY_MS: 200,
    }),
  });
  const followupNow = new Date(Date.parse(burstVector.expect.t0) + 5 * 60_000);
  const followup = await buildFollowupApp({
    ...common,
    clock: () => followupNow,
    settings: settingsWith(FollowupConfig, {
      CONSUMER_ACK_WAIT_S: 10,
      CONSUMER_MAX_DELIVER: 3,
      CONSUMER_BACKOFF_MS: 50,
      OUTBOX_RETRY_MS: 200,
    }),
  });
  const scheduler = await buildSchedulerApp({ ...common, settings: settingsWith(SchedulerConfig) });
  const notify = await buildNotifyApp({
    ...common,
    settings: {
      ...settingsWith(NotifyConfig, { DELIVERY_POLL_MS: 100, RETRY_BASE_MS: 200, MAIL_DIR: join(tlsDir, 'mail') }),
      // As in production, webhooks reach public addresses only; the tests' receivers listen on
      // 127.0.0.1, allowed by name.
      WEBHOOK_ALLOW_PRIVATE: false,
      WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
    },
  });
  const started: FastifyInstance[] = [];
  for (const app of [ingest, alerts, followup, scheduler, notify] as FastifyInstance[]) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    started.push(app);
  }
  ingest.runtime.start();
  await alerts.runtime.start();
  await followup.runtime.start();
  await scheduler.runtime.start();
  await notify.runtime.start();
  const web = await buildWebApp({
    ...common,
    upstreamCa: cert,
    settings: {
      ALERTS_URL: url(alerts),
      INGEST_URL: url(ingest),
      FOLLOWUP_URL: url(followup),
      SCHEDULER_URL: url(scheduler),
      NOTIFY_URL: url(notify),
      UPSTREAM_TIMEOUT_MS: 5000,
    },
  });
  await web.listen({ host: '127.0.0.1', port: 0 });

  return {
    ingest,
    alerts,
    followup,
    scheduler,
    notify,
    web,
    database,
    ca: cert,
    webUrl: url(web),
    async addStations() {
      const tokens: Record<string, string> = {};
      const operator = { authorization: `Bearer ${tokenFor('op', ['operator'])}` };
      for (const id of new Set(burstVector.receptions.map((r) => r.stationId))) {
        const [latitudeDeg, longitudeDeg, name] = STATION_SITES[id] ?? [0, 0, id];
        const res = await ingest.inject({
          method: 'POST',
          url: '/v1/stations',
          headers: operator,
          payload: { id, name, latitudeDeg, longitudeDeg },
        });
        if (res.statusCode !== 201) throw new Error(`station ${id}: ${res.statusCode} ${res.body}`);
        tokens[id] = res.json().token;
      }
      return tokens;
    },
    async feedBurst(tokens) {
      const byStation = new Map<string, unknown[]>();
      for (const r of burstVector.receptions) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
      for (const [station, receptions] of byStation) {
        const res = await ingest.inject({
          method: 'POST',
          url: '/v1/receptions',
          headers: { authorization: `Bearer ${tokens[station]}` },
          payload: { receptions },
        });
        if (res.statusCode !== 200) throw new Error(`receptions: ${res.statusCode} ${res.body}`);
      }
    },
    async stationHealth(stationId, status) {
      const message = { ...stationHealthExample, stationId, status, at: new Date().toISOString() };
      await infra.nats.js.publish(subjectsFor(t.prefix).vhf.station(stationId), JSON.stringify(message));
    },
    async close() {
      await web.close();
      for (const app of started.reverse()) await app.close();
      for (const name of STREAM_NAMES) await jsm.streams.delete(streamName(name, t.prefix)).catch(() => false);
      await nc.drain().catch(() => {});
      await database.close();
      rmSync(tlsDir, { recursive: true, force: true });
    },
  };
}
