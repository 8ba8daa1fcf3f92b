import { buildFollowupApp, type FollowupApp } from '@svom/followup';
import { startTestInfra, type TestInfra } from '@svom/service-kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  eventually,
  operatorAuth,
  publishNotice,
  scientistAuth,
  secret,
  startNotify,
  startReceiver,
  type Harness,
} from './helper.js';
import { mxtInitial } from './notices.js';

const SITE = { latitudeDeg: 43.75, longitudeDeg: 6.92, altitudeM: 1270, horizonDeg: 15 };
const SKY_AT = new Date('2026-01-15T21:00:12.340Z');
const T0 = '2026-01-15T20:58:12.340Z';

/**
 * The visibility a subscriber gets is the one follow-up computes for a facility at the same site
 * with the same limits: both services run on one ALERTS stream and read the same notices.
 */
describe('site visibility against the follow-up service', () => {
  let t: TestInfra;
  let followup: FollowupApp;
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    t = await startTestInfra(['ALERTS', 'VHF', 'FOLLOWUP']);
    followup = await buildFollowupApp({
      jwtSecret: secret,
      logger: false,
      clock: () => SKY_AT,
      infra: t.infra,
      settings: {
        CONSUMER_ACK_WAIT_S: 10,
        CONSUMER_MAX_DELIVER: 3,
        CONSUMER_NAK_DELAY_MS: 50,
        WINDOW_SPAN_H: 24,
        MAX_WINDOW_DELAY_MIN: 60,
        MAX_BURST_AGE_H: 24,
        OUTBOX_RETRY_MS: 200,
      } as never,
    });
    await followup.ready();
    await followup.runtime.start();
    h = await startNotify({}, { infra: t, skyClock: () => SKY_AT });
    receiver = await startReceiver(() => 'visibility-secret-0123456789');
    const facility = await followup.inject({
      method: 'POST',
      url: '/v1/facilities',
      headers: operatorAuth(),
      payload: {
        id: 'notify-check',
        name: 'a telescope at the subscriber site',
        kind: 'robotic-optical',
        siteName: 'Calern',
        latitudeDeg: SITE.latitudeDeg,
        longitudeDeg: SITE.longitudeDeg,
        altitudeM: SITE.altitudeM,
        minAltitudeDeg: SITE.horizonDeg,
        maxSunAltitudeDeg: -12,
        minMoonDistanceDeg: 0,
        fieldOfViewDeg: 10,
        filters: ['R'],
        typicalResponseS: 60,
        contact: 'test',
        source: 'the notify visibility test',
      },
    });
    expect(facility.statusCode, facility.body).toBe(201);
    const sub = await h.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: scientistAuth(),
      payload: {
        name: 'visibility',
        site: SITE,
        channel: { type: 'webhook', url: receiver.url('/v'), secret: 'visibility-secret-0123456789' },
      },
    });
    expect(sub.statusCode, sub.body).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
    await followup?.close();
    await receiver?.close();
    await t?.close();
  });

  const cases = [
    { burst: 'sb26011550', what: 'up now', raDeg: 97.1, decDeg: 40.2 },
    { burst: 'sb26011551', what: 'rising later in the night', raDeg: 200, decDeg: 10 },
    { burst: 'sb26011552', what: 'never above the horizon', raDeg: 30, decDeg: -80 },
  ];

  test.each(cases)('$what: altitude, Sun, Moon and the next window as follow-up has them', async (c) => {
    await publishNotice(t, mxtInitial(c.burst, T0, { raDeg: c.raDeg, decDeg: c.decDeg, errorRadiusDeg: 0.01 }));
    const got = await eventually(
      () => receiver.accepted.find((r) => r.body.notice.id[0] === c.burst),
      `the webhook of ${c.burst}`,
    );
    const { rows } = await eventually(async () => {
      // A request made, or a decision saying why none (with the sky now and the next window).
      const result = await sql<{ outcome: string; details: any }>`
        select 'create' as outcome, '{}'::jsonb as details from followup.requests
        where burst_id = ${c.burst} and facility_id = 'notify-check'
        union all
        select outcome, details from followup.decisions
        where burst_id = ${c.burst} and facility_id = 'notify-check' and outcome = 'none'`.execute(t.database.db);
      return result.rows.length > 0 && result;
    }, `follow-up's decision on ${c.burst}`);
    const v = got.body.visibility;
    expect(v.at).toBe(SKY_AT.toISOString());
    const decision = rows[0]!;
    let followupWindow: { start: string; end: string } | null;
    let sky: { altitudeDeg: number; sunAltitudeDeg: number; moonDistanceDeg: number };
    if (decision.outcome === 'create') {
      const { rows: requests } = await sql<any>`
        select * from followup.requests where burst_id = ${c.burst} and facility_id = 'notify-check'`.execute(
        t.database.db,
      );
      const r = requests[0]!;
      followupWindow = { start: r.window_start.toISOString(), end: r.window_end.toISOString() };
      sky = { altitudeDeg: r.altitude_deg, sunAltitudeDeg: r.sun_altitude_deg, moonDistanceDeg: r.moon_distance_deg };
      expect(v.observableNow).toBe(r.window_start.getTime() === SKY_AT.getTime());
    } else {
      followupWindow = decision.details.nextWindow;
      sky = decision.details;
      expect(v.observableNow).toBe(false);
    }
    expect(v.nextWindow).toEqual(followupWindow);
    expect(v.altitudeDeg).toBeCloseTo(sky.altitudeDeg, 1);
    expect(v.sunAltitudeDeg).toBeCloseTo(sky.sunAltitudeDeg, 1);
    expect(v.moonDistanceDeg).toBeCloseTo(sky.moonDistanceDeg, 1);
    if (c.what === 'up now') expect(v.observableNow).toBe(true);
    if (c.what === 'never above the horizon') expect(v.nextWindow).toBeNull();
    if (c.what === 'rising later in the night')
      expect(Date.parse(v.nextWindow.start)).toBeGreaterThan(SKY_AT.getTime());
  });
});
