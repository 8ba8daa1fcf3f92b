import { hashToken } from '@svom/service-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  count,
  eventually,
  operatorAuth,
  publishNotice,
  scientistAuth,
  startFollowup,
  streamMessages,
  type Harness,
} from './helper.js';
import { mxtInitial } from './notices.js';

const NOW = new Date('2026-01-15T15:00:00Z');
const T0 = '2026-01-15T14:58:12.340Z';
const BURST = 'sb26011511';
const POSITION = { raDeg: 97.1, decDeg: 40.2, errorRadiusDeg: 0.03 };

describe('facilities, request lifecycle and reports (real PostgreSQL and JetStream)', () => {
  let h: Harness;
  const tokens: Record<string, string> = {};
  const as = (facility: string) => ({ authorization: `Bearer ${tokens[facility]}` });
  const move = (id: string, to: string, headers: Record<string, string>, reason?: string) =>
    h.app.inject({
      method: 'POST',
      url: `/v1/requests/${id}/transitions`,
      headers,
      payload: { to, ...(reason ? { reason } : {}) },
    });
  const report = (facility: string, payload: unknown) =>
    h.app.inject({ method: 'POST', url: '/v1/reports', headers: as(facility), payload: payload as object });

  beforeAll(async () => {
    h = await startFollowup({ now: NOW });
    for (const id of ['GWAC', 'C-GFT']) {
      const res = await h.app.inject({ method: 'POST', url: `/v1/facilities/${id}/token`, headers: operatorAuth() });
      tokens[id] = res.json().token;
    }
    await publishNotice(h, mxtInitial(BURST, T0, POSITION));
    await eventually(
      async () => (await h.app.inject({ url: `/v1/requests?burstId=${BURST}` })).json().requests.length === 2,
      'GWAC and C-GFT requests',
    );
  });
  afterAll(() => h?.close());

  describe('facilities', () => {
    test('are public, seeded with their sites, and never show a token', async () => {
      const res = await h.app.inject({ url: '/v1/facilities' });
      expect(res.statusCode).toBe(200);
      const facilities = res.json().facilities as Array<Record<string, unknown>>;
      expect(facilities.map((f) => f.id)).toEqual(['C-GFT', 'COLIBRI', 'GWAC', 'TAROT-C', 'TAROT-S', 'VLT-XSH']);
      expect(facilities.find((f) => f.id === 'GWAC')).toMatchObject({
        siteName: 'Xinglong',
        latitudeDeg: 40.3942,
        longitudeDeg: 117.575,
        kind: 'wide-field',
      });
      expect(facilities.find((f) => f.id === 'COLIBRI')).toMatchObject({
        siteName: 'San Pedro Mártir',
        altitudeM: 2790,
      });
      expect(res.body).not.toMatch(/token/i);
      expect(res.body).not.toContain(tokens.GWAC);
    });

    test('are registered by operators only; the token is shown once and stored hashed', async () => {
      const body = {
        id: 'OHP-T120',
        name: 'OHP T120',
        kind: 'robotic-optical',
        siteName: 'Haute-Provence',
        latitudeDeg: 43.9317,
        longitudeDeg: 5.7125,
        altitudeM: 650,
        minAltitudeDeg: 20,
        maxSunAltitudeDeg: -12,
        minMoonDistanceDeg: 15,
        fieldOfViewDeg: 0.5,
        filters: ['g', 'r'],
        typicalResponseS: 300,
        contact: 'ohp@example.org',
        source: 'OHP 43°55′54″N 5°42′45″E (MPC 511)',
      };
      expect((await h.app.inject({ method: 'POST', url: '/v1/facilities', payload: body })).statusCode).toBe(401);
      expect(
        (await h.app.inject({ method: 'POST', url: '/v1/facilities', headers: scientistAuth(), payload: body }))
          .statusCode,
      ).toBe(403);
      const res = await h.app.inject({ method: 'POST', url: '/v1/facilities', headers: operatorAuth(), payload: body });
      expect(res.statusCode).toBe(201);
      const { token } = res.json();
      expect(token).toMatch(/^fup_/);
      const stored = await h.database.db
        .selectFrom('followup.facilities' as any)
        .select('token_hash')
        .where('id', '=', 'OHP-T120')
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(hashToken(token));
      const again = await h.app.inject({
        method: 'POST',
        url: '/v1/facilities',
        headers: operatorAuth(),
        payload: body,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'FOLLOWUP_FACILITY_EXISTS', field: '/body/id' });
    });

    test('bad input is refused with the field, and nothing is stored', async () => {
      const before = await count(h.database, 'followup.facilities');
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/facilities',
        headers: operatorAuth(),
        payload: {
          id: 'BAD',
          name: 'x',
          kind: 'robotic-optical',
          siteName: 's',
          latitudeDeg: 95,
          longitudeDeg: 0,
          altitudeM: 0,
          minAltitudeDeg: 20,
          maxSunAltitudeDeg: -12,
          minMoonDistanceDeg: 10,
          fieldOfViewDeg: 1,
          filters: [],
          typicalResponseS: 1,
          contact: 'c',
          source: 's',
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'FSC_VALIDATION', field: '/body/latitudeDeg' });
      expect(await count(h.database, 'followup.facilities')).toBe(before);
    });
  });

  describe('request lifecycle', () => {
    test('the facility moves its request along, every step audited and published', async () => {
      const id = `${BURST}-GWAC`;
      const ack = await move(id, 'acknowledged', as('GWAC'), 'queued');
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toMatchObject({ status: 'acknowledged', version: 2 });
      expect((await move(id, 'observing', as('GWAC'))).json().status).toBe('observing');
      const done = await move(id, 'completed', as('GWAC'), 'afterglow found');
      expect(done.json()).toMatchObject({ status: 'completed', version: 4 });
      const events = (await h.app.inject({ url: `/v1/requests/${id}` })).json().events;
      expect(
        events.map((e: { fromStatus: string | null; toStatus: string; actor: string }) => [
          e.fromStatus,
          e.toStatus,
          e.actor,
        ]),
      ).toEqual([
        [null, 'requested', 'system:followup'],
        ['requested', 'acknowledged', 'facility:GWAC'],
        ['acknowledged', 'observing', 'facility:GWAC'],
        ['observing', 'completed', 'facility:GWAC'],
      ]);
      const published = await eventually(async () => {
        const m = (await streamMessages(h, 'FOLLOWUP', `${h.prefix}.svom.followup.request.GWAC`)).filter(
          (x) => x.data.requestId === id,
        );
        return m.length === 4 ? m : undefined;
      }, 'four request messages');
      expect(published.map((m) => m.msgId)).toEqual([1, 2, 3, 4].map((v) => `${id}-v${v}`));
      expect(published[3]!.data).toMatchObject({ status: 'completed', reason: 'afterglow found', event: 'transition' });
    });

    test('refusals: impossible transitions, other facilities, no credentials, unknown requests', async () => {
      const gwac = `${BURST}-GWAC`;
      const cgft = `${BURST}-C-GFT`;
      const final = await move(gwac, 'observing', as('GWAC'));
      expect(final.statusCode).toBe(409);
      expect(final.json()).toMatchObject({ code: 'FOLLOWUP_BAD_TRANSITION', field: '/body/to' });
      expect(final.json().detail).toContain('completed');
      const skip = await move(cgft, 'completed', as('C-GFT'));
      expect(skip.statusCode).toBe(409);
      expect(skip.json().detail).toContain('acknowledged, failed, cancelled');
      const foreign = await move(cgft, 'acknowledged', as('GWAC'));
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().code).toBe('FOLLOWUP_FOREIGN_REQUEST');
      expect((await move(cgft, 'acknowledged', {})).statusCode).toBe(401);
      expect((await move(cgft, 'acknowledged', { authorization: 'Bearer fup_not-a-token' })).json().code).toBe(
        'FOLLOWUP_BAD_TOKEN',
      );
      expect((await move(cgft, 'acknowledged', scientistAuth())).statusCode).toBe(403);
      expect((await move(cgft, 'sleeping', as('C-GFT'))).json()).toMatchObject({
        code: 'FSC_VALIDATION',
        field: '/body/to',
      });
      expect((await move(`${BURST}-NOPE`, 'acknowledged', operatorAuth())).statusCode).toBe(404);
      // Nothing of the refused moves was kept.
      const request = (await h.app.inject({ url: `/v1/requests/${cgft}` })).json();
      expect(request).toMatchObject({ status: 'requested', version: 1 });
      expect(request.events).toHaveLength(1);
      // An operator may cancel it.
      const cancelled = await move(cgft, 'cancelled', operatorAuth(), 'weather');
      expect(cancelled.json().status).toBe('cancelled');
      expect((await h.app.inject({ url: `/v1/requests/${cgft}` })).json().events.at(-1)).toMatchObject({
        actor: 'person:test-operator',
        reason: 'weather',
      });
    });
  });

  describe('reports', () => {
    test('candidates are matched against the burst error region; the report is published and in the timeline', async () => {
      const res = await report('GWAC', {
        burstId: BURST,
        requestId: `${BURST}-GWAC`,
        observations: [{ time: '2026-01-15T15:02:00Z', filter: 'R', exposureS: 10, limitingMagnitude: 15.8 }],
        candidates: [
          {
            raDeg: 97.105,
            decDeg: 40.21,
            errorRadiusDeg: 0.001,
            magnitude: 14.2,
            magnitudeError: 0.1,
            filter: 'R',
            time: '2026-01-15T15:02:00Z',
          },
          {
            raDeg: 98.5,
            decDeg: 40.2,
            errorRadiusDeg: 0.001,
            magnitude: 15.1,
            magnitudeError: 0.2,
            time: '2026-01-15T15:02:00Z',
          },
        ],
        redshifts: [{ z: 1.2, zError: 0.3, kind: 'photometric', method: 'SED fit' }],
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.candidates[0]).toMatchObject({ withinErrorRegion: true, regionRadiusDeg: 0.03 });
      expect(body.candidates[0].separationDeg).toBeLessThan(0.03);
      expect(body.candidates[1]).toMatchObject({ withinErrorRegion: false });
      expect(body.candidates[1].separationDeg).toBeGreaterThan(1);
      const published = await eventually(
        async () =>
          (await streamMessages(h, 'FOLLOWUP', `${h.prefix}.svom.followup.report.GWAC`)).find(
            (m) => m.data.reportId === body.reportId,
          ),
        'the report on JetStream',
      );
      expect(published.msgId).toBe(body.reportId);
      expect(published.data).toEqual(body);

      const followup = (await h.app.inject({ url: `/v1/bursts/${BURST}/followup` })).json();
      expect(followup.timeline.map((e: { kind: string }) => e.kind)).toEqual(
        expect.arrayContaining(['notice', 'request', 'no-request', 'report']),
      );
      expect(followup.timeline[0].kind).toBe('notice');
      expect(followup.timeline.at(-1)).toMatchObject({ kind: 'report', report: { reportId: body.reportId } });
      const times = followup.timeline.map((e: { at: string }) => e.at);
      expect([...times].sort()).toEqual(times);
      expect(followup.requests.map((r: { facilityId: string; status: string }) => [r.facilityId, r.status])).toEqual([
        ['C-GFT', 'cancelled'],
        ['GWAC', 'completed'],
      ]);
    });

    test('bad reports are refused with the field, and nothing is stored', async () => {
      const tables = ['followup.reports', 'followup.candidates', 'followup.outbox'];
      const before = await Promise.all(tables.map((t) => count(h.database, t)));
      const candidate = {
        raDeg: 97.1,
        decDeg: 40.2,
        errorRadiusDeg: 0.001,
        magnitude: 14,
        magnitudeError: 0.1,
        time: '2026-01-15T15:02:00Z',
      };
      const cases: Array<[string, unknown, number, string, string]> = [
        [
          'unknown burst',
          { burstId: 'sb99010101', candidates: [candidate] },
          404,
          'FOLLOWUP_UNKNOWN_BURST',
          '/body/burstId',
        ],
        [
          'unknown request',
          { burstId: BURST, requestId: `${BURST}-NOPE`, candidates: [candidate] },
          404,
          'FOLLOWUP_UNKNOWN_REQUEST',
          '/body/requestId',
        ],
        [
          "another facility's request",
          { burstId: BURST, requestId: `${BURST}-C-GFT`, candidates: [candidate] },
          403,
          'FOLLOWUP_FOREIGN_REQUEST',
          '/body/requestId',
        ],
        [
          'declination out of range',
          { burstId: BURST, candidates: [{ ...candidate, decDeg: 91 }] },
          400,
          'FSC_VALIDATION',
          '/body/candidates/0/decDeg',
        ],
        [
          'magnitude out of range',
          { burstId: BURST, candidates: [{ ...candidate, magnitude: 99 }] },
          400,
          'FSC_VALIDATION',
          '/body/candidates/0/magnitude',
        ],
        [
          'negative exposure',
          {
            burstId: BURST,
            observations: [{ time: '2026-01-15T15:02:00Z', filter: 'R', exposureS: -1, limitingMagnitude: 15 }],
          },
          400,
          'FSC_VALIDATION',
          '/body/observations/0/exposureS',
        ],
        ['empty report', { burstId: BURST }, 400, 'FOLLOWUP_EMPTY_REPORT', '/body'],
      ];
      for (const [what, payload, status, code, field] of cases) {
        const res = await report('GWAC', payload);
        expect({ what, status: res.statusCode, code: res.json().code, field: res.json().field }).toEqual({
          what,
          status,
          code,
          field,
        });
      }
      const byOperator = await h.app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: operatorAuth(),
        payload: { burstId: BURST, candidates: [candidate] },
      });
      expect(byOperator.json().code).toBe('FOLLOWUP_FACILITY_ONLY');
      expect(await Promise.all(tables.map((t) => count(h.database, t)))).toEqual(before);
    });

    test('an unknown burst has no timeline', async () => {
      const res = await h.app.inject({ url: '/v1/bursts/sb99010101/followup' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('FOLLOWUP_UNKNOWN_BURST');
    });
  });
});
