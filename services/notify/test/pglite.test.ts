import type { Database } from '@svom/db';
import { createPgliteTestDatabase } from '@svom/db/testing';
import { svomNoticeToJson } from '@svom/voevent';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeAlarm, openAlarm } from '../src/db/alarm.repository.js';
import { handleNotice } from '../src/consumers/notice.consumer.js';
import type { NotifyTables } from '../src/db/tables.js';
import { claimDue, recordOutcome } from '../src/db/delivery.repository.js';
import { readNotice } from '../src/notices/notice.js';
import { insertSubscription, newSubscriptionId } from '../src/db/subscription.repository.js';
import { applyChange, saveChange } from '../src/subscriptions/subscription-change.js';
import { mxtUpdate } from './notices.js';

/** The notify migration and the statements of delivery and alarms on embedded PGlite (`npm start` without DATABASE_URL). */
describe('notify on PGlite', () => {
  let database: Database;
  let db: Kysely<NotifyTables>;
  beforeAll(async () => {
    database = await createPgliteTestDatabase();
    db = database.db as Kysely<NotifyTables>;
  });
  afterAll(() => database?.close());

  test('a notice is planned once per subscription, claimed under a lease, recorded', async () => {
    const sub = await insertSubscription(db, {
      id: newSubscriptionId(),
      owner: 'ada',
      ownerIsOperator: true,
      name: 'all',
      filter: { includeTest: false, includeRetractions: true, alarms: true },
      site: null,
      channel: { type: 'webhook', url: 'http://127.0.0.1:1/', format: 'json' },
      webhookSecret: 'x'.repeat(32),
      ownerEmail: null,
      status: 'active',
    });
    const json = svomNoticeToJson(
      mxtUpdate('sb26011590', '2026-01-15T20:58:12.340Z', 2, { raDeg: 1, decDeg: 2, errorRadiusDeg: 0.1 }),
    );
    const notice = readNotice({
      subject: 'svom.alerts.notice.mxt-update_qf3',
      headers: (name) => (name === 'Nats-Msg-Id' ? 'ivo://org.svom/fsc#sb26011590_mxt-update_qf3:2' : undefined),
      data: new TextEncoder().encode(JSON.stringify(json)),
    });
    const options = { spanHours: 24, collapseS: 60 };
    expect(await handleNotice(db, notice, 7, options)).toBe(1);
    expect(await handleNotice(db, notice, 7, options)).toBe(0); // redelivered: nothing new
    const now = new Date();
    const [row] = await claimDue(db, now, 10_000, 10);
    expect(row).toMatchObject({ subscription_id: sub.id, event_key: 'ivo://org.svom/fsc#sb26011590_mxt-update_qf3:2' });
    expect(await claimDue(db, now, 10_000, 10)).toHaveLength(0); // leased
    await recordOutcome(db, { primary: Number(row!.id), collapsed: [] }, { status: 'delivered', httpStatus: 200 }, now);
    const stored = await db.selectFrom('notify.deliveries').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'delivered', attempts: 1, last_http_status: 200 });
  });

  test('a changed email address is written with its new confirmation, in one transaction', async () => {
    const sub = await insertSubscription(db, {
      id: newSubscriptionId(),
      owner: 'ada',
      ownerIsOperator: false,
      name: 'desk',
      filter: { includeTest: false, includeRetractions: true },
      site: null,
      channel: { type: 'email', address: 'old@obs.example' },
      webhookSecret: null,
      ownerEmail: 'old@obs.example',
      status: 'active',
    });
    const site = { latitudeDeg: 43.75, longitudeDeg: 6.92, altitudeM: 1270, horizonDeg: 15 };
    const changed = await saveChange(db, sub.id, applyChange(sub, { channel: { address: 'new@obs.example' }, site }));
    expect(changed).toMatchObject({
      status: 'pending-confirmation',
      channel: { type: 'email', address: 'new@obs.example' },
      ownerEmail: 'new@obs.example',
      site: { ...site, maxSunAltitudeDeg: -12, minMoonDistanceDeg: 0 },
    });
    const confirmations = await db
      .selectFrom('notify.deliveries')
      .select('kind')
      .where('subscription_id', '=', sub.id)
      .execute();
    expect(confirmations).toEqual([{ kind: 'confirmation' }]);
  });

  test('an alarm opens once and closes once', async () => {
    const condition = { key: 'station:NCL1', kind: 'station-silent' as const, summary: 'silent' };
    expect(await openAlarm(db, condition)).toBeDefined();
    expect(await openAlarm(db, condition)).toBeUndefined();
    expect(await closeAlarm(db, 'station:NCL1', 'back')).toBeDefined();
    expect(await closeAlarm(db, 'station:NCL1', 'back')).toBeUndefined();
    expect(await openAlarm(db, condition)).toBeDefined(); // a new occurrence
    const deliveries = await db
      .selectFrom('notify.deliveries')
      .select('event_key')
      .where('kind', '=', 'alarm')
      .execute();
    expect(deliveries.map((d) => d.event_key.replace(/\d+/, 'N'))).toEqual([
      'alarm:N:open',
      'alarm:N:close',
      'alarm:N:open',
    ]);
  });
});
