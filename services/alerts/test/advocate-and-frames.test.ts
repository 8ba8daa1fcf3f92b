import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jetstream } from '@nats-io/jetstream';
import { ALERT_NOTICE_HEADERS } from '@svom/contracts';
import { readVoEventXml, validateNoticeJson, validateVoEventXml } from '@svom/voevent';
import {
  addStation,
  auth,
  collect,
  count,
  eventually,
  framesJsonReceptions,
  postReceptions,
  startAlerts,
  vectors,
  type Harness,
} from './helper.js';

describe('frames.json: derived values through the notices; the retraction flow; dead letters; two instances', () => {
  let h: Harness;
  let notices: ReturnType<typeof collect>;
  let token: string;
  const burstId = 'sb26021101';

  beforeAll(async () => {
    h = await startAlerts();
    notices = collect(h.nc, h.subjects.alerts.notices);
    token = await addStation(h.ingest, 'TST1');
    // A second instance on the same database and consumer: the packets are shared, never doubled.
    await h.another();
    await postReceptions(h.ingest, { TST1: token }, framesJsonReceptions('TST1'));
    // wakeup, grm-trigger, slewing, mxt-initial_qf2, vt
    await eventually(
      async () => (await count(h.database, 'alerts.notices')) >= 5 && notices.messages.length >= 5,
      'the five notices',
    );
    await eventually(
      async () => (await h.alerts.inject({ url: `/v1/bursts/${burstId}` })).json().lightCurve,
      'the light curve',
    );
  });
  afterAll(async () => {
    notices?.stop();
    await h?.close();
  });

  test('the ECLAIRs notice carries the derived values of frames.json', async () => {
    expect(notices.messages.map((m) => m.headers[ALERT_NOTICE_HEADERS.notice]).sort()).toEqual([
      'eclairs-wakeup',
      'grm-trigger',
      'mxt-initial_qf2',
      'slewing',
      'vt',
    ]);
    const wakeup = JSON.parse(
      notices.messages.find((m) => m.headers[ALERT_NOTICE_HEADERS.notice] === 'eclairs-wakeup')!.data,
    );
    const d = vectors.frames.frames[0].derived;
    const arcsec = 1 / 3600;
    expect(Math.abs(wakeup.ra - d.raDeg)).toBeLessThan(arcsec);
    expect(Math.abs(wakeup.dec - d.decDeg)).toBeLessThan(arcsec);
    expect(Math.abs(wakeup.ra_pointing - d.pointingRaDeg)).toBeLessThan(arcsec);
    expect(Math.abs(wakeup.dec_pointing - d.pointingDecDeg)).toBeLessThan(arcsec);
    expect(Math.abs(wakeup.roll - d.pointingRollDeg)).toBeLessThan(arcsec);
    expect(Math.abs(wakeup.longitude - d.satLongitudeDeg)).toBeLessThan(0.01);
    expect(Math.abs(wakeup.latitude - d.satLatitudeDeg)).toBeLessThan(0.01);
    expect(Math.abs(wakeup.altitude - d.satAltitudeKm)).toBeLessThan(0.1);
    const { svom } = JSON.parse(wakeup.additional_info);
    expect(Math.abs(svom.galactic_lon - d.galacticLonDeg)).toBeLessThan(0.001);
    expect(Math.abs(svom.galactic_lat - d.galacticLatDeg)).toBeLessThan(0.001);
    expect(Math.abs(svom.sun_angle - d.sunAngleDeg)).toBeLessThan(0.01);
    expect(Math.abs(svom.moon_angle - d.moonAngleDeg)).toBeLessThan(0.01);
    // The XML rounds as the real notices do.
    const xml = (
      await h.alerts.inject({ url: `/v1/notices/${burstId}_eclairs-wakeup`, headers: { accept: 'application/xml' } })
    ).body;
    expect(readVoEventXml(xml).whereWhen?.position?.c1).toBe(Number(d.raDeg.toFixed(4)));
  });

  test('GRM within 10 s of ECLAIRs is the same burst; light curve attached; MXT quality from R90', async () => {
    const burst = (await h.alerts.inject({ url: `/v1/bursts/${burstId}` })).json();
    expect(burst.instruments).toEqual(['GRM', 'ECLAIRs', 'MXT', 'VT']);
    expect(burst.lightCurve.bins).toBe(150);
    expect(burst.lightCurve.counts.flat().reduce((a: number, b: number) => a + b, 0)).toBe(
      vectors.frames.frames.find((f: { name: string }) => f.name === 'light-curve').fields.countsTotal,
    );
    expect(await count(h.database, 'alerts.bursts')).toBe(1);
  });

  test('a packet that cannot make a notice is dead-lettered with its reason, and the consumer goes on', async () => {
    const js = jetstream(h.nc);
    await js.publish(h.subjects.vhf.packet('eclairs', 'alert'), 'not json', { msgID: 'bad-1' });
    await js.publish(
      h.subjects.vhf.packet('mxt', 'position'),
      JSON.stringify({ ...vectors.frames.frames[0], kind: 'packet' }),
      { msgID: 'bad-2' },
    );
    const rows = await eventually(async () => {
      const r = await h.database.db.selectFrom('alerts.dead_letters').selectAll().orderBy('id').execute();
      return r.length >= 2 ? r : undefined;
    }, 'two dead letters');
    // Two instances consume: either packet may be recorded first.
    expect(rows.map((r) => r.code).sort()).toEqual(['NOT_A_PACKET', 'NOT_JSON']);
    expect(rows.find((r) => r.code === 'NOT_JSON')!.payload).toBe('not json');
    // The kit's one REST shape, newest first, for operators.
    const listed = await h.alerts.inject({ url: '/v1/dead-letters?limit=2', headers: auth('op', ['operator']) });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().deadLetters.map((d: { code: string }) => d.code)).toEqual(rows.map((r) => r.code).reverse());
    expect((await h.alerts.inject({ url: '/v1/dead-letters' })).statusCode).toBe(401);
  });

  test('retraction: only Burst Advocates; a 219 citing every notice with retraction, everywhere; audited', async () => {
    const url = `/v1/bursts/${burstId}/retraction`;
    expect((await h.alerts.inject({ method: 'POST', url, payload: { reason: 'x'.repeat(10) } })).statusCode).toBe(401);
    const forbidden = await h.alerts.inject({
      method: 'POST',
      url,
      headers: auth('sam', ['scientist']),
      payload: { reason: 'x'.repeat(10) },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/problem\+json/);
    const before = (await h.alerts.inject({ url: `/v1/bursts/${burstId}` })).json().notices;
    const res = await h.alerts.inject({
      method: 'POST',
      url,
      headers: auth('ada', ['burst-advocate']),
      payload: { reason: 'cosmic ray shower in ECLAIRs' },
    });
    expect(res.statusCode).toBe(201);
    const published = await eventually(
      () => notices.messages.find((m) => m.headers[ALERT_NOTICE_HEADERS.notice] === 'retraction'),
      'the retraction on NATS',
    );
    expect(published.headers[ALERT_NOTICE_HEADERS.packetType]).toBe('219');
    expect(validateNoticeJson(JSON.parse(published.data)).valid).toBe(true);
    const xml = (
      await h.alerts.inject({ url: `/v1/notices/${burstId}_retraction`, headers: { accept: 'application/xml' } })
    ).body;
    expect(validateVoEventXml(xml).valid).toBe(true);
    const event = readVoEventXml(xml);
    expect(event.citations?.eventIvorns.map((c) => c.cite)).toEqual(before.map(() => 'retraction'));
    expect(event.citations?.eventIvorns.map((c) => c.ivorn).sort()).toEqual(
      before.map((n: { ivorn: string }) => n.ivorn).sort(),
    );
    expect(event.citations?.description).toContain('cosmic ray shower');
    const burst = (await h.alerts.inject({ url: `/v1/bursts/${burstId}` })).json();
    expect(burst.status).toBe('retracted');
    expect(burst.timeline.find((t: { action: string }) => t.action === 'retracted')).toMatchObject({
      actor: 'ada',
      detail: { reason: 'cosmic ray shower in ECLAIRs' },
    });
    const again = await h.alerts.inject({
      method: 'POST',
      url,
      headers: auth('ada', ['burst-advocate']),
      payload: { reason: 'twice over' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALERTS_ALREADY_RETRACTED');
    const comment = await h.alerts.inject({
      method: 'POST',
      url: `/v1/bursts/${burstId}/comments`,
      headers: auth('bob', ['burst-advocate']),
      payload: { text: 'agreed' },
    });
    expect(comment.statusCode).toBe(201);
    const timeline = (await h.alerts.inject({ url: `/v1/bursts/${burstId}` })).json().timeline;
    expect(timeline.at(-1)).toMatchObject({ actor: 'bob', action: 'comment', detail: { text: 'agreed' } });
    expect((await h.alerts.inject({ url: '/v1/bursts?status=retracted' })).json().bursts).toHaveLength(1);
    expect((await h.alerts.inject({ url: '/v1/bursts?status=active' })).json().bursts).toHaveLength(0);
  });

  test('the heartbeat comes every second', async () => {
    const beats = collect(h.nc, h.subjects.alerts.heartbeat);
    await eventually(() => beats.messages.length >= 2, 'two heartbeats', 3500);
    beats.stop();
    expect(JSON.parse(beats.messages[0]!.data)).toMatchObject({ sequence: expect.any(Number), vtpSubscribers: 0 });
  });
});
