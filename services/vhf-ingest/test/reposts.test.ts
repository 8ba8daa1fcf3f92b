import pg from 'pg';
import { testServerUrl } from '@svom/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildIngestApp } from '../src/app.js';
import { IngestConfig } from '../src/config.js';
import { settingsWith } from '@svom/service-kit/testing';
import {
  addStation,
  count,
  eventually,
  hexToBase64,
  platformFrame,
  post,
  secret,
  startIngest,
  streamMessages,
  vectors,
  type Harness,
  type IngestApp,
} from './helper.js';

// A station that gets no 200 within its timeout posts the batch again, although the first
// request may well have committed (issue 10's fault test: up to 40 % of a step's receptions were
// stored twice). A reception is identified by station, receivedAt and frame bytes: posted again,
// it is answered as it was the first time, marked `alreadyRecorded`, and stored once.

const damaged = hexToBase64(vectors.frames.rejected.find((r: { code: string }) => r.code === 'CRC_MISMATCH').hex);

/** `n` receptions by `station` of distinct platform packets (sequence counts from `from`), and a damaged one. */
function batch(station: string, from: number, n: number) {
  const receptions = Array.from({ length: n }, (_, i) => {
    const obt = new Date(Date.UTC(2026, 3, 1, 12, 0, from + i));
    return {
      stationId: station,
      receivedAt: new Date(obt.getTime() + 1500).toISOString(),
      frame: platformFrame(from + i, obt),
      rssiDbm: -105,
    };
  });
  const rejectedAt = new Date(Date.UTC(2026, 3, 1, 13, 0, from, 500)).toISOString();
  return [...receptions, { stationId: station, receivedAt: rejectedAt, frame: damaged }];
}

type Result = { status: string; packetKey?: string; error?: { code: string }; alreadyRecorded?: true };
const resultsOf = (res: { json(): { results: Result[] } }) => res.json().results;
const unmarked = (results: Result[]) => results.map(({ alreadyRecorded: _, ...rest }) => rest);

describe('a batch posted again is recorded once', () => {
  let h: Harness;
  let token: string;
  const keysOf = (results: Result[]) => new Set(results.flatMap((r) => (r.packetKey ? [r.packetKey] : [])));
  const onStream = async (keys: Set<string>) =>
    (await streamMessages(h.jsm, h.prefix)).filter((m) => keys.has(m.data.key)).length;
  const stored = (station: string) => count(h.database, 'vhf.receptions', `station_id = '${station}'`);

  beforeAll(async () => {
    h = await startIngest();
    h.app.runtime.start();
    token = await addStation(h.app, 'RP1');
  });
  afterAll(() => h?.close());

  test('posted twice in turn: the same answers, marked, and each reception and packet once', async () => {
    const receptions = batch('RP1', 0, 5);
    const before = await stored('RP1');
    const first = await post(h.app, token, receptions);
    expect(first.statusCode).toBe(200);
    expect(resultsOf(first).map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'rejected',
    ]);
    expect(resultsOf(first).some((r) => r.alreadyRecorded)).toBe(false);
    const again = await post(h.app, token, receptions);
    expect(again.statusCode).toBe(200);
    expect(resultsOf(again)).toEqual(resultsOf(first).map((r) => ({ ...r, alreadyRecorded: true })));
    expect((await stored('RP1')) - before).toBe(receptions.length);
    const keys = keysOf(resultsOf(first));
    await eventually(async () => (await onStream(keys)) === 5, 'the packets on JetStream');
    await eventually(async () => (await count(h.database, 'vhf.outbox')) === 0, 'the outbox empty');
    expect(await onStream(keys)).toBe(5);
  });

  test('posted twice at once: both 200, one answered fresh and the other marked, stored once', async () => {
    const receptions = batch('RP1', 100, 8);
    const before = await stored('RP1');
    const [a, b] = await Promise.all([post(h.app, token, receptions), post(h.app, token, receptions)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const [fresh, marked] = resultsOf(a).some((r) => r.alreadyRecorded) ? [b, a] : [a, b];
    expect(resultsOf(fresh).some((r) => r.alreadyRecorded)).toBe(false);
    expect(resultsOf(marked).every((r) => r.alreadyRecorded)).toBe(true);
    expect(unmarked(resultsOf(marked))).toEqual(resultsOf(fresh));
    expect(resultsOf(fresh).filter((r) => r.status === 'accepted')).toHaveLength(8);
    expect((await stored('RP1')) - before).toBe(receptions.length);
    const keys = keysOf(resultsOf(fresh));
    await eventually(async () => (await onStream(keys)) === 8, 'the packets on JetStream');
    await new Promise((r) => setTimeout(r, 300));
    expect(await onStream(keys)).toBe(8);
  });

  test('a batch overlapping an earlier one: the overlap answered as before, the rest recorded', async () => {
    const earlier = batch('RP1', 200, 4); // counts 200-203 and a damaged frame
    const later = batch('RP1', 202, 4); // counts 202-205 and another damaged frame
    const first = await post(h.app, token, earlier);
    const before = await stored('RP1');
    const second = await post(h.app, token, [earlier[2]!, ...later.slice(1)]);
    expect(second.statusCode).toBe(200);
    const results = resultsOf(second);
    // earlier[2] and later[0] are the same reception (count 202); later[1] is count 203, also in `earlier`.
    expect(results[0]).toEqual({ ...resultsOf(first)[2], alreadyRecorded: true });
    expect(results[1]).toEqual({ ...resultsOf(first)[3], alreadyRecorded: true });
    expect(results.slice(2).map((r) => [r.status, r.alreadyRecorded])).toEqual([
      ['accepted', undefined],
      ['accepted', undefined],
      ['rejected', undefined],
    ]);
    expect((await stored('RP1')) - before).toBe(3);
  });

  test('one reception twice in one request: stored once, the copy answered as the first', async () => {
    const [reception] = batch('RP1', 300, 1);
    const before = await stored('RP1');
    const res = await post(h.app, token, [
      reception,
      reception,
      { ...reception, receivedAt: '2026-04-01T12:05:00.000Z' },
    ]);
    const [first, copy, heardLater] = resultsOf(res);
    expect(first).toMatchObject({ status: 'accepted' });
    expect(copy).toEqual({ ...first, alreadyRecorded: true });
    // The same frame at another time is another reception (the satellite sent it again).
    expect(heardLater).toEqual({ status: 'duplicate', packetKey: first!.packetKey });
    expect((await stored('RP1')) - before).toBe(2);
  });
});

describe('the same batch on two ingest replicas at once', () => {
  let h: Harness;
  let second: IngestApp;
  beforeAll(async () => {
    h = await startIngest();
    // Another instance on the same database and NATS: nothing shared in memory (its own group
    // commit, its own in-flight keys), as a second container would be.
    second = await buildIngestApp({
      jwtSecret: secret,
      logger: false,
      infra: h.infra,
      settings: settingsWith(IngestConfig, { OUTBOX_RETRY_MS: 200 }),
    });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  test('both write before either commits: both 200, one marked, each stored once', async () => {
    const token = await addStation(h.app, 'RP2');
    const receptions = batch('RP2', 400, 6);
    // An outbox locked by another session holds both transactions inside, each unaware of the
    // other: the race a re-post on another replica can run. One waits for the lock at its insert
    // of receptions and outbox rows, the other for the first's packets. Unlocked, the unique index
    // lets one write the receptions; the other fails on them and, retried, finds them stored.
    const url = new URL(testServerUrl);
    url.pathname = `/${h.database.name}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query('begin');
    await admin.query('lock table vhf.outbox in exclusive mode');
    const replies = Promise.all([post(h.app, token, receptions), post(second, token, receptions)]);
    try {
      // Asked outside the locking transaction: pg_stat_activity is read once per transaction.
      await eventually(
        async () =>
          (await count(h.database, 'pg_stat_activity', `datname = current_database() and wait_event_type = 'Lock'`)) >=
          2,
        'both requests waiting on a lock',
      );
    } finally {
      await admin.query('commit');
      await admin.end();
    }
    const [a, b] = await replies;
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const marked = [a, b].filter((r) => resultsOf(r).every((x) => x.alreadyRecorded));
    const fresh = [a, b].filter((r) => !resultsOf(r).some((x) => x.alreadyRecorded));
    expect([marked.length, fresh.length]).toEqual([1, 1]);
    expect(unmarked(resultsOf(marked[0]!))).toEqual(resultsOf(fresh[0]!));
    expect(await count(h.database, 'vhf.receptions', `station_id = 'RP2'`)).toBe(receptions.length);
    expect(await count(h.database, 'vhf.packets', `first_station_id = 'RP2'`)).toBe(6);
    const keys = new Set(resultsOf(fresh[0]!).flatMap((r) => (r.packetKey ? [r.packetKey] : [])));
    const published = async () => (await streamMessages(h.jsm, h.prefix)).filter((m) => keys.has(m.data.key)).length;
    await eventually(async () => (await published()) === 6, 'the packets on JetStream');
    await eventually(async () => (await count(h.database, 'vhf.outbox')) === 0, 'the outbox empty');
  });
});
