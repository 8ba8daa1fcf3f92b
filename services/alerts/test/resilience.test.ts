import { readFileSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { ALERT_NOTICE_HEADERS } from '@svom/contracts';
import { startPrivateNatsServer } from '@svom/service-kit/testing';
import { sendVoEvent } from '@svom/vtp';
import {
  addStation,
  alertsStream,
  auth,
  count,
  eventually,
  framesJsonReceptions,
  postReceptions,
  shuffled,
  startAlerts,
  vectors,
  type Harness,
} from './helper.js';

const real = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
  'utf8',
);
const authorEvent = (n: number) =>
  real.replace('sb26022501_mxt-initial_qf1"', `sb26022501_mxt-initial_qf1-outage${n}"`);

describe('alerts: nothing committed is lost while NATS is away', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('notices made before, during and after a NATS crash reach the stream exactly once; the outbox empties', async () => {
    const nats = await startPrivateNatsServer();
    cleanups.push(() => nats.close());
    const h: Harness = await startAlerts({}, { natsUrl: nats.url });
    cleanups.push(() => h.close());
    const authors = h.alerts.runtime.vtp.ports.authors;
    const submit = async (from: number, to: number) => {
      const receipts = await Promise.all(
        Array.from({ length: to - from }, (_, i) => sendVoEvent('127.0.0.1', authors, authorEvent(from + i))),
      );
      // An ack is sent only once the event is committed, with its outbox row.
      expect(receipts.map((r) => r.role)).toEqual(receipts.map(() => 'ack'));
    };

    // Before: frames.json through the ingest (burst sb26021101, five notices) and ten VTP events.
    const token = await addStation(h.ingest, 'TST1');
    await postReceptions(h.ingest, { TST1: token }, framesJsonReceptions('TST1'));
    await eventually(async () => (await count(h.database, 'alerts.notices')) >= 5, 'the five notices of frames.json');
    await submit(0, 10);
    await eventually(
      async () => (await count(h.database, 'alerts.outbox')) === 0,
      'the first messages to be published',
    );
    // Acks lost on the way back: the ten events are on the stream, and their rows in the outbox
    // again (young, so no drain takes them before the crash). Only the stream's duplicate window,
    // which must survive the restart, keeps them from landing twice.
    await sql`insert into alerts.outbox (subject, msg_id, payload) select ${h.subjects.alerts.voevent('external')}, 'vtp:' || digest, xml from alerts.vtp_events`.execute(
      h.database.db,
    );

    // NATS is killed: acks in flight are lost with it.
    await nats.kill();
    await eventually(() => !h.alerts.runtime.publisher.natsUp, 'the service to see NATS gone');
    // During: ten more VTP events, a retraction, and a second burst's packets at the ingest. The
    // author and the Burst Advocate are answered, for what they sent is committed.
    await submit(10, 20);
    const asked = performance.now();
    const retraction = await h.alerts.inject({
      method: 'POST',
      url: '/v1/bursts/sb26021101/retraction',
      headers: auth('ba', ['burst-advocate']),
      payload: { reason: 'a test of the outbox' },
    });
    expect(retraction.statusCode).toBe(201);
    // Nor does the Burst Advocate wait for a JetStream ack that cannot come (2 s, the timeout).
    expect(performance.now() - asked).toBeLessThan(1500);
    const tokens: Record<string, string> = {};
    for (const id of new Set<string>(vectors.burst.receptions.map((r: { stationId: string }) => r.stationId)))
      tokens[id] = await addStation(h.ingest, id);
    await postReceptions(h.ingest, tokens, shuffled(vectors.burst.receptions, 11));
    // The ten copies, ten new events, and the 219's JSON, VOEvent and burst state at least.
    expect(await count(h.database, 'alerts.outbox')).toBeGreaterThanOrEqual(23);
    // Long enough for drains to find NATS away (OUTBOX_RETRY_MS is 200 here).
    await new Promise((r) => setTimeout(r, 1000));

    // After: the same server, port and store.
    await nats.restart();
    const expected = vectors.burst.expect as { notices: string[] };
    await eventually(
      async () => (await count(h.database, 'alerts.notices', `burst_id <> 'sb26021101'`)) >= expected.notices.length,
      "the second burst's notices",
      30_000,
    );
    await eventually(
      async () => (await count(h.database, 'alerts.outbox')) === 0,
      'the alerts outbox to drain',
      30_000,
    );

    const onStream = await alertsStream(await jetstreamManager(h.nc), h.prefix);
    const ids = onStream.map((m) => m.headers['Nats-Msg-Id']);
    expect(new Set(ids).size).toBe(ids.length);
    const notices = await h.database.db.selectFrom('alerts.notices').select(['msg_id', 'name', 'burst_id']).execute();
    expect(notices.map((n) => n.name)).toContain('retraction');
    const events = await h.database.db.selectFrom('alerts.vtp_events').select('digest').execute();
    expect(events).toHaveLength(20);
    const wanted = [...notices.flatMap((n) => [n.msg_id, `xml:${n.msg_id}`]), ...events.map((e) => `vtp:${e.digest}`)];
    // Every notice and event once, and nothing else but burst states (`<burstId>:<version>`).
    expect(ids.filter((id) => !/^sb\d{8}:\d+$/.test(id ?? '')).sort()).toEqual(wanted.sort());
    // Headers survive the outbox drain: the retraction went through it.
    const retracted = onStream.find(
      (m) =>
        m.headers[ALERT_NOTICE_HEADERS.notice] === 'retraction' && m.subject === h.subjects.alerts.notice('retraction'),
    );
    expect(retracted?.headers[ALERT_NOTICE_HEADERS.burstId]).toBe('sb26021101');
  }, 120_000);
});
