import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { streamName } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { createTestDatabase, type TestDatabase } from '@svom/db/testing';
import { runService } from '@svom/service-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { followupService } from '../src/service.js';

function get(port: number, path: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the service as server.ts runs it (HTTPS on a real port)', () => {
  let database: TestDatabase;
  let nats: Awaited<ReturnType<typeof connectTestNats>>;
  let dataDir: string;
  let running: Awaited<ReturnType<typeof runService>>;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    nats = await connectTestNats();
    dataDir = mkdtempSync(join(tmpdir(), 'followup-'));
    const config = followupService.loadConfig({
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      NATS_PREFIX: nats.prefix,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    running = await runService({ module: followupService, config });
  });
  afterAll(async () => {
    await running?.stop();
    await nats?.cleanup();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('migrates, makes its streams and durable consumer, and answers over HTTPS', async () => {
    const port = (running.app.server.address() as { port: number }).port;
    const facilities = await get(port, '/v1/facilities');
    expect(facilities.status).toBe(200);
    expect(facilities.body.facilities).toHaveLength(6);
    expect((await get(port, '/ready')).status).toBe(200);
    const jsm = await jetstreamManager(nats.nc);
    const consumer = await jsm.consumers.info(streamName('ALERTS', nats.prefix), 'followup');
    expect(consumer.config).toMatchObject({
      ack_policy: 'explicit',
      // The kit counts deliveries itself (CONSUMER_MAX_DELIVER) and dead-letters before the last
      // one is lost, so JetStream's own limit is off.
      max_deliver: -1,
      ack_wait: 60e9,
      filter_subject: `${nats.prefix}.svom.alerts.notice.>`,
    });
    expect((await jsm.streams.info(streamName('FOLLOWUP', nats.prefix))).config.subjects).toEqual([
      `${nats.prefix}.svom.followup.>`,
    ]);
  });
});
