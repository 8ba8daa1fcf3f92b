import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startTestInfra, type TestInfra } from '@svom/service-kit/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildNotifyApp, type NotifyApp } from '../src/app.js';
import {
  count,
  eventually,
  freePort,
  publishNotice,
  scientistAuth,
  secret,
  spawnNotifyServer,
  startReceiver,
  TEST_SETTINGS,
} from './helper.js';
import { mxtUpdate } from './notices.js';

const T0 = '2026-01-15T20:58:12.340Z';
const SUBSCRIPTIONS = 5;
const NOTICES = 20;

/** The notify server as its own process, SIGKILLed while webhooks are in flight, then started again. */
describe('notify killed mid-delivery', () => {
  let t: TestInfra;
  let api: NotifyApp;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let logs = '';
  let gate: Promise<void> = Promise.resolve();
  let openGate: () => void = () => {};
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    t = await startTestInfra(['ALERTS', 'VHF']);
    dataDir = mkdtempSync(join(tmpdir(), 'notify-restart-'));
    // An app on the same database for the REST calls only: its consumers never start.
    api = await buildNotifyApp({ jwtSecret: secret, logger: false, infra: t.infra, settings: TEST_SETTINGS });
    receiver = await startReceiver(
      () => 'restart-secret-0123456789abcdef',
      async () => {
        await gate;
        return 200;
      },
    );
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await api?.close();
    await receiver?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<ChildProcess> {
    const port = await freePort();
    const process = spawnNotifyServer({
      DATABASE_URL: t.database.url,
      NATS_PREFIX: t.prefix,
      JWT_SECRET: secret,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Generous: a timeout after the receiver's 200 is a resend (the X-SVOM-Delivery case), not what is tested.
      WEBHOOK_TIMEOUT_MS: '3000',
      // The receiver is on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE: 'true',
      DELIVERY_POLL_MS: '50',
      DELIVERY_CONCURRENCY: '4',
      RETRY_BASE_MS: '100',
      ALARM_POLL_MS: '3600000',
      // Notices pulled by the killed process come back after the ack wait: keep it short.
      CONSUMER_ACK_WAIT_S: '3',
    });
    process.stdout!.on('data', (d) => (logs += d));
    process.stderr!.on('data', (d) => (logs += d));
    return process;
  }

  test('each notice reaches each subscription once', async () => {
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const response = await api.inject({
        method: 'POST',
        url: '/v1/subscriptions',
        headers: scientistAuth(),
        payload: {
          name: `robot ${i}`,
          channel: { type: 'webhook', url: receiver.url(`/robot${i}`), secret: 'restart-secret-0123456789abcdef' },
        },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    child = await start();
    const keys: string[] = [];
    for (let n = 1; n <= NOTICES; n++)
      keys.push(
        (await publishNotice(t, mxtUpdate('sb26011570', T0, n, { raDeg: 1, decDeg: 2, errorRadiusDeg: 0.1 }))).key,
      );

    await eventually(() => receiver.accepted.length >= 30, `30 deliveries accepted (${logs})`, 60_000);
    // Hold every answer: requests in flight when the process dies get no 200.
    gate = new Promise<void>((resolve) => (openGate = resolve));
    await eventually(() => receiver.received.length > receiver.accepted.length, 'a request held');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGKILL');
    await new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    const acceptedBefore = receiver.accepted.length;
    expect(acceptedBefore).toBeLessThan(SUBSCRIPTIONS * NOTICES);
    openGate();

    child = await start();
    await eventually(
      () =>
        new Set(
          receiver.accepted.map((r) => `${r.path} ${r.body.notice.svom?.ivorn ?? ''} ${r.body.notice.record_number}`),
        ).size ===
        SUBSCRIPTIONS * NOTICES,
      `every (subscription, notice) accepted after the restart (${logs})`,
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const perPair = new Map<string, number>();
    for (const r of receiver.accepted) {
      const pair = `${r.path} ${r.body.notice.record_number}`;
      perPair.set(pair, (perPair.get(pair) ?? 0) + 1);
    }
    expect(perPair.size).toBe(SUBSCRIPTIONS * NOTICES);
    expect([...perPair.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.accepted.every((r) => r.signatureOk)).toBe(true);
    expect(await count(t, 'notify.deliveries', "status = 'delivered'")).toBe(SUBSCRIPTIONS * NOTICES);
    expect(keys).toHaveLength(NOTICES);
  });
});
