import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { testServerUrl } from '@svom/db/testing';
import { addStation, count, eventually, hexToBase64, post, startIngest, streamMessages, vectors, type Harness } from './helper.js';

/** A private nats-server with JetStream on a free port, so this suite may stop and start it. */
async function privateNats(storeDir: string, port: number): Promise<ChildProcess> {
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  child.on('error', (error) => {
    throw new Error(`nats-server could not start (is it on the PATH? see README): ${error.message}`);
  });
  await eventually(async () => canConnect(port), `nats-server on ${port}`);
  return child;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createServer().listen(0).close();
    void socket;
    import('node:net').then(({ connect }) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('nothing acknowledged is lost', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('NATS stopped during posting: every 200 is published later from the outbox, exactly once', async () => {
    const store = mkdtempSync(join(tmpdir(), 'svom-nats-'));
    cleanups.push(() => rmSync(store, { recursive: true, force: true }));
    const port = await freePort();
    let nats = await privateNats(store, port);
    cleanups.push(() => void nats.kill('SIGKILL'));
    const h: Harness = await startIngest({ natsUrl: `nats://127.0.0.1:${port}` });
    cleanups.push(() => h.close());
    h.app.runtime.start();
    const token = await addStation(h.app, 'ST1');

    // 40 distinct platform packets: the recurrent frame with its OBT and sequence count changed.
    const { encodeFrame } = await import('@svom/vhf');
    const payload = Buffer.from(vectors.frames.frames.find((f: { name: string }) => f.name === 'platform-recurrent').hex, 'hex').subarray(13, -2);
    const frames = Array.from({ length: 40 }, (_, i) =>
      Buffer.from(encodeFrame({ apid: 0x310, messageType: 1, sequenceFlags: 'standalone', sequenceCount: 100 + i, obt: new Date(Date.UTC(2026, 1, 11, 19, 0, i * 60)), payload })).toString('base64'),
    );
    const receptions = frames.map((frame, i) => ({ stationId: 'ST1', receivedAt: new Date(Date.UTC(2026, 1, 11, 19, 0, i * 60 + 5)).toISOString(), frame }));

    const answers: number[] = [];
    for (let i = 0; i < 40; i += 4) {
      if (i === 16) await stopped(nats); // NATS goes away in the middle of the posting
      const res = await post(h.app, token, receptions.slice(i, i + 4));
      answers.push(res.statusCode);
    }
    // Postgres is up, so every request is durable: 200, with the packets waiting in the outbox.
    expect(answers.every((s) => s === 200)).toBe(true);
    expect(await count(h.database, 'vhf.packets', 'apid = 784')).toBe(40);
    expect(await count(h.database, 'vhf.outbox')).toBeGreaterThan(0);

    nats = await privateNats(store, port);
    await eventually(async () => (await count(h.database, 'vhf.outbox')) === 0, 'the outbox to drain', 20_000);
    const onStream = (await streamMessages(h.jsm, h.prefix)).filter((m) => m.data.apid === 0x310);
    expect(onStream).toHaveLength(40);
    expect(new Set(onStream.map((m) => m.data.key)).size).toBe(40);
  }, 60_000);

  test('PostgreSQL gone: 503 problem+json, and the station is told to retry', async () => {
    const h = await startIngest();
    const token = await addStation(h.app, 'ST2');
    const frame = hexToBase64(vectors.frames.frames[1].hex);
    // The suite's own database is dropped under the running service.
    const admin = new pg.Client({ connectionString: testServerUrl });
    await admin.connect();
    await admin.query(`drop database ${h.database.name} with (force)`);
    await admin.end();
    const res = await post(h.app, token, [{ stationId: 'ST2', receivedAt: '2026-02-11T19:24:40.000Z', frame }]);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('VHF_NOT_DURABLE');
    const ready = await h.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    await h.app.close();
    await h.nc.drain();
  });
});
