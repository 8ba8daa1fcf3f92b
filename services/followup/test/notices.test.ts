import { observerVisibility } from '@svom/astro';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyNotice } from '../src/notices/notice.service.js';
import { readNotice } from '../src/notices/notice-reader.js';
import { count, eventually, publishNotice, startFollowup, streamMessages, type Harness } from './helper.js';
import { grmTrigger, mxtInitial, mxtUpdate, retraction, slewing } from './notices.js';

// 23:00 at Xinglong (UTC+8) on 2026-01-15: RA 97°, Dec +40° is near the zenith there, while the
// Sun is up at San Pedro Mártir (07:00), Calern (16:00), La Silla and Paranal (12:00).
const NIGHT_AT_XINGLONG = new Date('2026-01-15T15:00:00Z');
const T0 = '2026-01-15T14:58:12.340Z';
const XINGLONG = { latitudeDeg: 40.3942, longitudeDeg: 117.575, altitudeM: 900 };
const target = { raDeg: 97.1, decDeg: 40.2 };

const request = (h: Harness, id: string) =>
  h.app.inject({ url: `/v1/requests/${id}` }).then((r) => (r.statusCode === 200 ? r.json() : undefined));
const decisions = (h: Harness, burstId: string) =>
  h.database.db
    .selectFrom('followup.decisions' as any)
    .selectAll()
    .where('burst_id', '=', burstId)
    .orderBy('id')
    .execute() as Promise<
    Array<{ facility_id: string; outcome: string; reason: string | null; notice_key: string; details: any }>
  >;

describe('notices from alerts make observation requests (real PostgreSQL and JetStream)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startFollowup({ now: NIGHT_AT_XINGLONG });
  });
  afterAll(() => h?.close());

  test('a position visible from Xinglong at night gives a GWAC request and none to facilities in daylight', async () => {
    const sky = observerVisibility(XINGLONG, target, NIGHT_AT_XINGLONG);
    expect(sky.altitudeDeg).toBeGreaterThan(80);
    expect(sky.sunAltitudeDeg).toBeLessThan(-18);

    const { ivorn } = await publishNotice(h, slewing('sb26011501', T0, { ...target, errorRadiusDeg: 0.2 }));
    const gwac = await eventually(() => request(h, 'sb26011501-GWAC'), 'the GWAC request');
    expect(gwac).toMatchObject({
      burstId: 'sb26011501',
      facilityId: 'GWAC',
      status: 'requested',
      raDeg: 97.1,
      decDeg: 40.2,
      errorRadiusDeg: 0.2,
      positionIvorn: ivorn,
      version: 1,
    });
    expect(gwac.altitudeDeg).toBeCloseTo(sky.altitudeDeg, 6);
    expect(gwac.windowStart).toBe(NIGHT_AT_XINGLONG.toISOString());
    expect(new Date(gwac.windowEnd).getTime()).toBeGreaterThan(NIGHT_AT_XINGLONG.getTime() + 5 * 3600_000);
    expect(gwac.events).toEqual([
      expect.objectContaining({ kind: 'created', toStatus: 'requested', actor: 'system:followup', noticeKey: ivorn }),
    ]);

    const why = Object.fromEntries(
      (
        await eventually(
          async () => ((await decisions(h, 'sb26011501')).length === 6 ? decisions(h, 'sb26011501') : undefined),
          'six decisions',
        )
      ).map((d) => [d.facility_id, d]),
    );
    expect(why['GWAC']).toMatchObject({ outcome: 'requested' });
    // A 0.2° radius circle does not fit in C-GFT's 21′ field; the others are in daylight.
    expect(why['C-GFT']).toMatchObject({ outcome: 'none', reason: 'error-region-too-large' });
    for (const id of ['COLIBRI', 'TAROT-C', 'TAROT-S'])
      expect(why[id]).toMatchObject({ outcome: 'none', reason: 'daylight' });
    expect(why['TAROT-S']!.details.nextWindow.start).toMatch(/^2026-01-16T/);
    expect(why['VLT-XSH']).toMatchObject({ outcome: 'none', reason: 'error-region-too-large' });
    expect(await request(h, 'sb26011501-TAROT-S')).toBeUndefined();

    const published = await eventually(
      async () =>
        (await streamMessages(h, 'FOLLOWUP')).filter((m) => m.subject === `${h.prefix}.svom.followup.request.GWAC`),
      'the request on JetStream',
      10_000,
    );
    expect(published).toHaveLength(1);
    expect(published[0]!.msgId).toBe('sb26011501-GWAC-v1');
    expect(published[0]!.data).toMatchObject({
      requestId: 'sb26011501-GWAC',
      version: 1,
      event: 'created',
      status: 'requested',
      triggerTime: T0,
      errorRadiusDeg: 0.2,
    });
  });

  test('a refined position updates the open request and brings in the narrow-field telescope', async () => {
    const { ivorn } = await publishNotice(
      h,
      mxtInitial('sb26011501', T0, { raDeg: 97.13, decDeg: 40.21, errorRadiusDeg: 0.03 }),
    );
    const gwac = await eventually(async () => {
      const r = await request(h, 'sb26011501-GWAC');
      return r?.version === 2 ? r : undefined;
    }, 'the GWAC request moved');
    expect(gwac).toMatchObject({
      status: 'requested',
      raDeg: 97.13,
      decDeg: 40.21,
      errorRadiusDeg: 0.03,
      positionIvorn: ivorn,
    });
    expect(gwac.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'updated']);
    const cgft = await eventually(() => request(h, 'sb26011501-C-GFT'), 'the C-GFT request');
    expect(cgft).toMatchObject({ status: 'requested', errorRadiusDeg: 0.03, version: 1 });
    const followup = (await h.app.inject({ url: '/v1/bursts/sb26011501/followup' })).json();
    expect(followup.position).toEqual({ raDeg: 97.13, decDeg: 40.21, errorRadiusDeg: 0.03, ivorn });

    // A worse position later (a GRM trigger) changes nothing.
    const grm = await publishNotice(h, grmTrigger('sb26011501', T0, { raDeg: 99, decDeg: 38, errorRadiusDeg: 5 }));
    await eventually(
      async () => (await decisions(h, 'sb26011501')).filter((d) => d.notice_key === grm.ivorn).length === 6,
      'the GRM decisions',
    );
    expect((await request(h, 'sb26011501-GWAC')).version).toBe(2);
    const after = (await h.app.inject({ url: '/v1/bursts/sb26011501/followup' })).json();
    expect(after.position.ivorn).toBe(ivorn);
    expect(
      (await decisions(h, 'sb26011501')).find((d) => d.notice_key === grm.ivorn && d.facility_id === 'GWAC'),
    ).toMatchObject({ reason: 'position-not-better' });
  });

  test('two notices of one name (same IVORN, Pkt_Ser_Num 1 and 2) are two notices', async () => {
    await publishNotice(h, mxtUpdate('sb26011501', T0, 1, { raDeg: 97.131, decDeg: 40.211, errorRadiusDeg: 0.02 }));
    await eventually(async () => (await request(h, 'sb26011501-GWAC'))?.version === 3, 'the first update applied');
    const second = await publishNotice(
      h,
      mxtUpdate('sb26011501', T0, 2, { raDeg: 97.132, decDeg: 40.212, errorRadiusDeg: 0.01 }),
    );
    expect(second.key).toBe('ivo://org.svom/fsc#sb26011501_mxt-update_qf3:2');
    const gwac = await eventually(async () => {
      const r = await request(h, 'sb26011501-GWAC');
      return r?.version === 4 ? r : undefined;
    }, 'the second update applied');
    expect(gwac).toMatchObject({ raDeg: 97.132, errorRadiusDeg: 0.01, positionIvorn: second.ivorn });
    expect(gwac.events.at(-1).noticeKey).toBe(second.key);
    const timeline = (await h.app.inject({ url: '/v1/bursts/sb26011501/followup' })).json().timeline;
    expect(
      timeline
        .filter((e: { kind: string; ivorn?: string }) => e.kind === 'notice' && e.ivorn === second.ivorn)
        .map((e: { key: string }) => e.key),
    ).toEqual([second.ivorn, second.key]);
  });

  test('a redelivered notice creates nothing twice', async () => {
    const tables = ['followup.notices', 'followup.requests', 'followup.request_events', 'followup.decisions'];
    const before = await Promise.all(tables.map((t) => count(h.database, t)));
    const onStream = (await streamMessages(h, 'FOLLOWUP')).length;

    // Published again under another Nats-Msg-Id (past JetStream's duplicate window): the consumer sees it.
    const again = mxtInitial('sb26011501', T0, { raDeg: 97.13, decDeg: 40.21, errorRadiusDeg: 0.03 });
    await publishNotice(h, again, { msgId: 'a-retry-after-the-window' });
    // And handled directly twice, as a redelivery after a lost ack would be.
    const { svomNoticeToJson } = await import('@svom/voevent');
    const parsed = readNotice({
      subject: 'x.svom.alerts.notice.mxt-initial_qf3',
      headers: () => undefined,
      data: new TextEncoder().encode(JSON.stringify(svomNoticeToJson(again))),
    });
    const direct = await applyNotice(h.app.runtime.db, h.app.runtime.subjects, parsed, NIGHT_AT_XINGLONG, {
      spanHours: 24,
      maxDelayMinutes: 60,
      maxBurstAgeHours: 24,
    });
    expect(direct).toEqual({ duplicate: true, outbox: [] });

    await eventually(async () => h.app.runtime.consumer.handled >= 6, 'the consumer to handle the retry');
    expect(await Promise.all(tables.map((t) => count(h.database, t)))).toEqual(before);
    expect((await streamMessages(h, 'FOLLOWUP')).length).toBe(onStream);
  });

  test('a retraction cancels the open requests, and later notices of the burst make none', async () => {
    const first = slewing('sb26011502', T0, { raDeg: 96.5, decDeg: 41, errorRadiusDeg: 0.1 });
    await publishNotice(h, first);
    await eventually(() => request(h, 'sb26011502-GWAC'), 'the GWAC request of the second burst');
    const cgft = await eventually(() => request(h, 'sb26011502-C-GFT'), 'the C-GFT request of the second burst');
    expect(cgft.status).toBe('requested');

    const { ivorn } = await publishNotice(h, retraction('sb26011502', '2026-01-15T15:05:00.000Z', first));
    const cancelled = await eventually(async () => {
      const r = await request(h, 'sb26011502-GWAC');
      return r?.status === 'cancelled' ? r : undefined;
    }, 'the GWAC request cancelled');
    expect(cancelled.events.at(-1)).toMatchObject({
      kind: 'transition',
      fromStatus: 'requested',
      toStatus: 'cancelled',
      actor: 'system:followup',
      noticeKey: ivorn,
    });
    expect(cancelled.events.at(-1).reason).toContain('not be a viable GRB');
    expect((await request(h, 'sb26011502-C-GFT')).status).toBe('cancelled');
    const messages = await eventually(async () => {
      const m = (await streamMessages(h, 'FOLLOWUP')).filter((x) => x.data.requestId === 'sb26011502-GWAC');
      return m.length === 2 ? m : undefined;
    }, 'the cancellation on JetStream');
    expect(messages[1]!.data).toMatchObject({ event: 'transition', status: 'cancelled', version: 2 });

    const late = await publishNotice(
      h,
      mxtInitial('sb26011502', T0, { raDeg: 96.51, decDeg: 41.01, errorRadiusDeg: 0.02 }),
    );
    await eventually(
      async () => (await decisions(h, 'sb26011502')).filter((d) => d.notice_key === late.ivorn).length === 6,
      'the decisions after the retraction',
    );
    expect(
      (await decisions(h, 'sb26011502'))
        .filter((d) => d.notice_key === late.ivorn)
        .every((d) => d.reason === 'burst-retracted'),
    ).toBe(true);
    expect((await request(h, 'sb26011502-GWAC')).status).toBe('cancelled');
    const followup = (await h.app.inject({ url: '/v1/bursts/sb26011502/followup' })).json();
    expect(followup.retractedAt).not.toBeNull();
  });

  test('a notice that can never be read is a dead letter, and the consumer goes on', async () => {
    const { jetstream } = await import('@nats-io/jetstream');
    const { subjectsFor } = await import('@svom/contracts');
    await jetstream(h.nc).publish(subjectsFor(h.prefix).alerts.notice('vt'), '{"not": "a notice"', {
      msgID: 'garbage-1',
    });
    await jetstream(h.nc).publish(
      subjectsFor(h.prefix).alerts.notice('vt'),
      JSON.stringify({ id: ['bad burst id!'], ra: 1, dec: 2 }),
      { msgID: 'garbage-2' },
    );
    await eventually(async () => (await count(h.database, 'followup.dead_letters')) === 2, 'two dead letters');
    const list = (
      await h.app.inject({ url: '/v1/dead-letters', headers: (await import('./helper.js')).operatorAuth() })
    ).json();
    expect(list.deadLetters.map((d: { reason: string }) => d.reason)).toEqual([
      expect.stringContaining('no usable burst id'),
      expect.stringContaining('not JSON'),
    ]);
    await publishNotice(h, slewing('sb26011503', T0, { ...target, errorRadiusDeg: 0.1 }));
    await eventually(() => request(h, 'sb26011503-GWAC'), 'a request after the dead letters');
  });
});
