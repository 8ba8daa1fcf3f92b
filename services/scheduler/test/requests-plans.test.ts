import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  acceptedRequest,
  eventually,
  operatorAuth,
  planMessages,
  postPlan,
  scientistAuth,
  startScheduler,
  type Harness,
} from './helper.js';

const day = { start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z' };
const target = { raDeg: 120, decDeg: 60 };

describe('requests and plans on the real PostgreSQL and JetStream', () => {
  let h: Harness;
  beforeAll(async () => (h = await startScheduler()));
  afterAll(() => h?.close());

  test('a request needs a scientist to submit and an operator to accept; errors name the field', async () => {
    const body = {
      kind: 'GP',
      title: 'M82',
      ...target,
      exposureS: 3000,
      minSliceS: 600,
      earliest: day.start,
      latest: day.end,
    };
    expect((await h.app.inject({ method: 'POST', url: '/v1/requests', payload: body })).statusCode).toBe(401);
    expect(
      (await h.app.inject({ method: 'POST', url: '/v1/requests', headers: operatorAuth(), payload: body })).statusCode,
    ).toBe(403);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v1/requests',
      headers: scientistAuth(),
      payload: { ...body, minSliceS: 5000 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'GP_INVALID', field: '/body/minSliceS' });
    const dates = await h.app.inject({
      method: 'POST',
      url: '/v1/requests',
      headers: scientistAuth(),
      payload: { ...body, latest: '2026-02-01T00:00:00Z' },
    });
    expect(dates.json()).toMatchObject({ code: 'GP_INVALID', field: '/body/latest' });
    const ra = await h.app.inject({
      method: 'POST',
      url: '/v1/requests',
      headers: scientistAuth(),
      payload: { ...body, raDeg: 360 },
    });
    expect(ra.json()).toMatchObject({ code: 'FSC_VALIDATION', field: '/body/raDeg' });
    const kind = await h.app.inject({
      method: 'POST',
      url: '/v1/requests',
      headers: scientistAuth(),
      payload: { ...body, kind: 'ToO-XX' },
    });
    expect(kind.json().field).toBe('/body/kind');

    const made = await h.app.inject({
      method: 'POST',
      url: '/v1/requests',
      headers: scientistAuth(),
      payload: { ...body, kind: 'ToO-EX' },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({
      kind: 'ToO-EX',
      priority: 4,
      status: 'submitted',
      submittedBy: 'test-scientist',
    });
    const id = made.json().id;
    expect(
      (await h.app.inject({ method: 'POST', url: `/v1/requests/${id}/accept`, headers: scientistAuth() })).statusCode,
    ).toBe(403);
    expect(
      (await h.app.inject({ method: 'POST', url: `/v1/requests/${id}/reject`, headers: operatorAuth() })).json().status,
    ).toBe('rejected');
    const again = await h.app.inject({ method: 'POST', url: `/v1/requests/${id}/accept`, headers: operatorAuth() });
    expect(again.json()).toMatchObject({ status: 409, code: 'GP_REQUEST_DECIDED' });
    expect((await h.app.inject({ url: '/v1/requests/rq-none' })).json().code).toBe('GP_UNKNOWN_REQUEST');
  });

  test('a TLE upload is checked; the position answers WGS84 and GCRS', async () => {
    const tle = (await h.app.inject({ url: '/v1/orbit/tle' })).json();
    expect(tle).toMatchObject({ id: null, inclinationDeg: 30 });
    const broken = tle.line2.slice(0, 68) + String((Number(tle.line2[68]) + 1) % 10);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v1/orbit/tle',
      headers: operatorAuth(),
      payload: { name: 'SVOM', line1: tle.line1, line2: broken },
    });
    expect(bad.json()).toMatchObject({ status: 400, code: 'GP_BAD_TLE', field: '/body/line2' });
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/v1/orbit/tle',
          headers: scientistAuth(),
          payload: { name: 'SVOM', line1: tle.line1, line2: tle.line2 },
        })
      ).statusCode,
    ).toBe(403);
    const ok = await h.app.inject({
      method: 'POST',
      url: '/v1/orbit/tle',
      headers: operatorAuth(),
      payload: { name: 'SVOM', line1: tle.line1, line2: tle.line2 },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: 'SVOM', uploadedBy: 'test-operator' });
    const pos = (await h.app.inject({ url: '/v1/orbit/position?t=2026-03-01T12:00:00Z' })).json();
    expect(pos.altitudeKm).toBeGreaterThan(600);
    expect(pos.altitudeKm).toBeLessThan(660);
    expect(Math.abs(pos.latitudeDeg)).toBeLessThanOrEqual(30.5);
    expect(Math.hypot(...(pos.gcrsKm as number[]))).toBeGreaterThan(6900);
    expect((await h.app.inject({ url: '/v1/orbit/position?t=noon' })).json().field).toBe('/querystring/t');
  });

  test('a plan respects the span limit, is stored, served and published; a ToO preempts the GP', async () => {
    const tooLong = await h.app.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: operatorAuth(),
      payload: { start: day.start, end: '2026-03-16T00:00:01Z' },
    });
    expect(tooLong.json()).toMatchObject({ code: 'GP_INVALID', field: '/body/end' });

    // A GP request that wants more than all the target's visibility in the day.
    const gp = await acceptedRequest(h.app, {
      kind: 'GP',
      ...target,
      exposureS: 80_000,
      minSliceS: 600,
      earliest: day.start,
      latest: day.end,
    });
    const before = await postPlan(h.app, day);
    const gpBefore = before.requests.find((r: { requestId: string }) => r.requestId === gp);
    expect(gpBefore.observedS).toBeGreaterThan(10_000);
    expect(gpBefore.status).toBe('partial');
    expect(gpBefore.reason).toBe('NOT_ENOUGH_VISIBILITY');
    expect(before.stats.weightedUpperBoundS).toBeGreaterThanOrEqual(before.stats.weightedObservedS);

    // A ToO on a nearby target over the same day takes its time first.
    const too = await acceptedRequest(h.app, {
      kind: 'ToO-EX',
      raDeg: 121,
      decDeg: 59,
      exposureS: 6000,
      minSliceS: 600,
      earliest: day.start,
      latest: day.end,
    });
    const second = await postPlan(h.app, day);
    const tooOutcome = second.requests.find((r: { requestId: string }) => r.requestId === too);
    const gpAfter = second.requests.find((r: { requestId: string }) => r.requestId === gp);
    expect(tooOutcome).toMatchObject({ status: 'planned', observedS: 6000 });
    expect(gpAfter.observedS).toBeLessThanOrEqual(gpBefore.observedS - 6000 + 600);

    const got = await h.app.inject({ url: `/v1/plans/${second.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json().entries).toEqual(second.entries);
    expect(got.json().status).toBe('active');
    expect((await h.app.inject({ url: `/v1/plans/${before.id}` })).json().status).toBe('superseded');
    expect((await h.app.inject({ url: '/v1/plans/pl-none' })).json().code).toBe('GP_UNKNOWN_PLAN');

    const published = await eventually(
      async () =>
        (await planMessages(h)).filter((m) => m.subject === `${h.prefix}.svom.plan.published`).length === 2 &&
        planMessages(h),
      'both plans on svom.plan.published',
    );
    const last = published.filter((m) => m.subject.endsWith('plan.published')).at(-1)!.data;
    expect(last).toMatchObject({
      planId: second.id,
      supersedes: null,
      entriesOmitted: false,
      href: `/v1/plans/${second.id}`,
    });
    expect(last.entries.length).toBe(second.entries.length);
  });
});
