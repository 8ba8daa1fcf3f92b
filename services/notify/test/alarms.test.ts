import { createServer } from 'node:http';
import { jetstream } from '@nats-io/jetstream';
import { stationHealthExample, streamName, subjectsFor } from '@svom/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  eventually,
  operatorAuth,
  publishNotice,
  scientistAuth,
  startNotify,
  startReceiver,
  type Harness,
} from './helper.js';
import { slewing } from './notices.js';

/** Operator alarms: each opens once and closes once, through the operators' subscriptions. */
describe('operator alarms', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let readyStatus = 503;
  const ready = createServer((_request, response) => response.writeHead(readyStatus).end('{}'));

  beforeAll(async () => {
    await new Promise<void>((resolve) => ready.listen(0, '127.0.0.1', resolve));
    const port = (ready.address() as { port: number }).port;
    h = await startNotify({ WATCH_READY_URLS: `probe=http://127.0.0.1:${port}/ready` });
    receiver = await startReceiver(() => 'alarm-secret-0123456789abcdef');
    const operator = await h.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: operatorAuth(),
      payload: {
        name: 'pager',
        filter: { types: ['nothing'], alarms: true },
        channel: { type: 'webhook', url: receiver.url('/pager'), secret: 'alarm-secret-0123456789abcdef' },
      },
    });
    expect(operator.statusCode, operator.body).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
    ready.close();
  });

  const alarms = async (key: string) =>
    (await h.app.inject({ url: '/v1/alarms', headers: operatorAuth() }))
      .json()
      .alarms.filter((a: { key: string }) => a.key === key);
  const paged = (key: string) =>
    receiver.accepted.filter((r) => r.body.alarm?.key === key).map((r) => r.body.alarm.state);

  test('a station silent opens once (repeats change nothing), active again closes once', async () => {
    const js = jetstream(h.nc);
    const subject = subjectsFor(h.prefix).vhf.station('NCL1');
    const health = (status: string) =>
      JSON.stringify({ ...stationHealthExample, status, at: new Date().toISOString() });
    for (const status of ['silent', 'silent', 'silent']) await js.publish(subject, health(status));
    await eventually(() => paged('station:NCL1').length === 1, 'the operator paged once');
    await js.publish(subject, health('active'));
    await js.publish(subject, health('active'));
    await eventually(() => paged('station:NCL1').length === 2, 'the close paged');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(paged('station:NCL1')).toEqual(['open', 'closed']);
    const [alarm] = await alarms('station:NCL1');
    expect(alarm).toMatchObject({ kind: 'station-silent', closedAt: expect.any(String) });
    expect((await h.app.inject({ url: '/v1/alarms', headers: scientistAuth() })).statusCode).toBe(403);
  });

  test('the watchdog: a dead letter, a lagging consumer, a service not ready, a stale outbox', async () => {
    const db = h.database.db;
    // A dead letter: a notice no one can read.
    await jetstream(h.nc).publish(subjectsFor(h.prefix).alerts.notice('slewing'), 'not json', { msgID: 'garbage-1' });
    await eventually(
      async () =>
        (await h.app.inject({ url: '/v1/dead-letters', headers: operatorAuth() })).json().deadLetters.length === 1,
      'the dead letter',
    );
    // A consumer that never acknowledges, and a message older than ALARM_LAG_S for it.
    const stream = streamName('ALERTS', h.prefix);
    await h.jsm.consumers.add(stream, {
      durable_name: 'sleepy',
      ack_policy: 'explicit' as never,
      filter_subject: subjectsFor(h.prefix).alerts.notices,
    });
    await publishNotice(
      h,
      slewing('sb26011580', '2026-01-15T20:58:12.340Z', { raDeg: 1, decDeg: 2, errorRadiusDeg: 0.1 }),
    );
    // An outbox in some schema with a row written a minute ago.
    await sql`create schema probe; create table probe.outbox (id bigserial primary key, created_at timestamptz not null)`
      .execute(db)
      .catch(async () => {
        await sql`create schema if not exists probe`.execute(db);
        await sql`create table if not exists probe.outbox (id bigserial primary key, created_at timestamptz not null)`.execute(
          db,
        );
      });
    await sql`insert into probe.outbox (created_at) values (now() - interval '1 minute')`.execute(db);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    await h.app.runtime.watchdog.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await h.app.runtime.watchdog.runOnce(); // the probe not ready for > 1 s now
    await h.app.runtime.watchdog.runOnce(); // a repeat opens nothing
    for (const key of ['dead-letter:notify', 'lag:ALERTS/sleepy', 'ready:probe', 'outbox:probe'])
      await eventually(() => paged(key).length === 1, `${key} paged`);
    expect((await alarms('lag:ALERTS/sleepy'))[0]).toMatchObject({ kind: 'consumer-lag', closedAt: null });

    // Everything back to normal: each closes once.
    readyStatus = 200;
    await h.jsm.consumers.delete(stream, 'sleepy');
    await sql`delete from probe.outbox`.execute(db);
    await sql`update notify.dead_letters set created_at = now() - interval '1 hour'`.execute(db);
    await h.app.runtime.watchdog.runOnce();
    await h.app.runtime.watchdog.runOnce();
    for (const key of ['dead-letter:notify', 'lag:ALERTS/sleepy', 'ready:probe', 'outbox:probe']) {
      await eventually(() => paged(key).length === 2, `${key} closed`);
      expect(paged(key)).toEqual(['open', 'closed']);
      expect((await alarms(key))[0].closedAt).not.toBeNull();
    }
  });
});
