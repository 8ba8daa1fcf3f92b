import { observerVisibility } from '@svom/astro';
import { svomNoticeToJson, type SvomNotice } from '@svom/voevent';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { assessFacility } from '../src/planning/assess-facility.js';
import type { Facility } from '../src/planning/facility.js';
import { facilityExample } from '../src/schemas/facility.schema.js';
import { isBetter, planNotice } from '../src/planning/plan-notice.js';
import { NoticeError, readNotice, type ParsedNotice } from '../src/notices/notice-reader.js';
import { canTransition, REQUEST_STATUSES } from '../src/requests/lifecycle.js';
import { grmTrigger, mxtInitial, retraction, slewing } from './notices.js';
import { settingsWith } from '@svom/service-kit/testing';

const NOW = new Date('2026-01-15T15:00:00Z');
const T0 = '2026-01-15T14:58:12.340Z';
const options = { spanHours: 24, maxDelayMinutes: 60, maxBurstAgeHours: 24 };
// GWAC as the migration seeds it: the API's example facility.
const gwac: Facility = { ...facilityExample, kind: 'wide-field' };
const site = { latitudeDeg: gwac.latitudeDeg, longitudeDeg: gwac.longitudeDeg, altitudeM: gwac.altitudeM };
const encode = (json: unknown) => new TextEncoder().encode(JSON.stringify(json));
const parse = (notice: SvomNotice): ParsedNotice =>
  readNotice({
    subject: `svom.alerts.notice.${notice.name}`,
    headers: () => undefined,
    data: encode(svomNoticeToJson(notice)),
  });

describe('readNotice', () => {
  test('reads every SVOM notice form svomNoticeToJson makes', () => {
    const position = { raDeg: 97.1, decDeg: 40.2, errorRadiusDeg: 0.2 };
    expect(parse(slewing('sb26011501', T0, position))).toMatchObject({
      ivorn: 'ivo://org.svom/fsc#sb26011501_slewing',
      burstId: 'sb26011501',
      name: 'slewing',
      packetType: 204,
      retraction: false,
      position,
      triggerTime: T0,
    });
    expect(parse(grmTrigger('sb26011501', T0, position))).toMatchObject({
      name: 'grm-trigger',
      packetType: 201,
      instrument: 'GRM',
    });
    expect(parse(mxtInitial('sb26011501', T0, position))).toMatchObject({
      name: 'mxt-initial_qf3',
      packetType: 209,
      position,
    });
    const r = parse(retraction('sb26011501', T0, slewing('sb26011501', T0, position)));
    expect(r).toMatchObject({
      name: 'retraction',
      packetType: 219,
      retraction: true,
      position: null,
      reason: 'Determined to not be a viable GRB candidate',
    });
  });

  test("reads GCN's own SVOM examples and ours (no zone means UTC; IVORN from the headers)", () => {
    const dir = new URL('../../../libs/voevent/schemas/', import.meta.url);
    const files = [
      'gcn-schema/gcn/notices/svom/grm/trigger.example.json',
      ...readdirSync(new URL('gcn-schema/gcn/notices/svom/eclairs/', dir)).map(
        (f) => `gcn-schema/gcn/notices/svom/eclairs/${f}`,
      ),
      'fsc/mxt.example.json',
      'fsc/retraction.example.json',
      'fsc/vt.example.json',
    ];
    for (const file of files) {
      const json = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
      const notice = readNotice({
        subject: 'svom.alerts.notice.x',
        headers: (name) => ({ 'Nats-Msg-Id': `ivo://test#${file}` })[name],
        data: encode(json),
      });
      expect(notice.burstId).toBe(json.id[0]);
      expect(notice.triggerTime).toMatch(/Z$/);
      if (json.ra !== undefined)
        expect(notice.position).toEqual({ raDeg: json.ra, decDeg: json.dec, errorRadiusDeg: json.ra_dec_error });
    }
  });

  test('refuses what can never be handled, naming the field', () => {
    const bad = (json: unknown) => () =>
      readNotice({
        subject: 's',
        headers: () => undefined,
        data: typeof json === 'string' ? new TextEncoder().encode(json) : encode(json),
      });
    expect(bad('{')).toThrow(NoticeError);
    expect(bad([1])).toThrow(/JSON object/);
    expect(bad({ ra: 1, dec: 2 })).toThrow(/burst id/);
    expect(bad({ id: ['sb1'], ra: 400, dec: 2 })).toThrow(/ra out of/);
    expect(bad({ id: ['sb1'], ra: 10, dec: -91 })).toThrow(/dec out of/);
    expect(
      readNotice({
        subject: 's',
        headers: () => undefined,
        data: encode({ id: ['sb1'], ra: 10, dec: 2, ra_dec_error: -1 }),
      }).position?.errorRadiusDeg,
    ).toBeNull();
  });
});

describe('assessFacility', () => {
  test('a target rising within the hour gets a request whose window opens when it reaches the limit (within 1 min of a brute force)', () => {
    // Dec +40° at azimuth < 180° (rising) and 12-18° high at NOW.
    let raDeg = 0;
    for (let ra = 0; ra < 360; ra += 0.5) {
      const v = observerVisibility(site, { raDeg: ra, decDeg: 40 }, NOW);
      if (v.altitudeDeg > 14 && v.altitudeDeg < 18 && v.azimuthDeg < 180) raDeg = ra;
    }
    expect(raDeg).toBeGreaterThan(0);
    const a = assessFacility(gwac, { raDeg, decDeg: 40, errorRadiusDeg: 0.1 }, NOW, options);
    expect(a.observable).toBe(true);
    if (a.observable) expect(a.windowStart.getTime()).toBeGreaterThan(NOW.getTime());
    if (!a.observable) return;
    let bruteMs = NOW.getTime();
    while (observerVisibility(site, { raDeg, decDeg: 40 }, new Date(bruteMs)).altitudeDeg < 20) bruteMs += 20_000;
    expect(Math.abs(a.windowStart.getTime() - bruteMs)).toBeLessThan(60_000);
    expect(a.windowStart.getTime() - NOW.getTime()).toBeLessThan(60 * 60_000);
  });

  test('gives the failing limit as the reason', () => {
    expect(assessFacility(gwac, { raDeg: 97, decDeg: -70, errorRadiusDeg: 0.1 }, NOW, options)).toMatchObject({
      observable: false,
      reason: 'below-horizon',
    });
    expect(assessFacility(gwac, { raDeg: 97, decDeg: 40, errorRadiusDeg: 31 }, NOW, options)).toMatchObject({
      observable: false,
      reason: 'error-region-too-large',
    });
    expect(assessFacility(gwac, { raDeg: 97, decDeg: 40, errorRadiusDeg: null }, NOW, options)).toMatchObject({
      observable: false,
      reason: 'no-error-radius',
    });
    const noon = new Date('2026-01-15T04:00:00Z');
    expect(assessFacility(gwac, { raDeg: 97, decDeg: 40, errorRadiusDeg: 0.1 }, noon, options)).toMatchObject({
      observable: false,
      reason: 'daylight',
    });
    const moonShy = { ...gwac, maxSunAltitudeDeg: 90, minAltitudeDeg: 0, minMoonDistanceDeg: 179.9 };
    expect(assessFacility(moonShy, { raDeg: 97, decDeg: 40, errorRadiusDeg: 0.1 }, NOW, options)).toMatchObject({
      observable: false,
      reason: 'moon-too-close',
    });
  });
});

describe('planNotice', () => {
  const position = { raDeg: 97.1, decDeg: 40.2, errorRadiusDeg: 0.2 };
  const first = parse(slewing('sb26011501', T0, position));

  test('better means the first position or a smaller known error radius', () => {
    expect(isBetter({ raDeg: 1, decDeg: 1, errorRadiusDeg: null }, null)).toBe(true);
    expect(isBetter({ raDeg: 1, decDeg: 1, errorRadiusDeg: 0.1 }, { raDeg: 1, decDeg: 1, errorRadiusDeg: 0.2 })).toBe(
      true,
    );
    expect(isBetter({ raDeg: 1, decDeg: 1, errorRadiusDeg: 0.2 }, { raDeg: 1, decDeg: 1, errorRadiusDeg: 0.2 })).toBe(
      false,
    );
    expect(isBetter({ raDeg: 1, decDeg: 1, errorRadiusDeg: null }, { raDeg: 1, decDeg: 1, errorRadiusDeg: 5 })).toBe(
      false,
    );
    expect(isBetter({ raDeg: 1, decDeg: 1, errorRadiusDeg: 5 }, { raDeg: 1, decDeg: 1, errorRadiusDeg: null })).toBe(
      true,
    );
  });

  test('creates, updates, leaves closed requests alone, and cancels on retraction', () => {
    const created = planNotice(first, { position: null, retracted: false }, [gwac], [], NOW, options);
    expect(created.improved).toBe(true);
    expect(created.actions[0]).toMatchObject({ kind: 'create' });

    const better = parse(mxtInitial('sb26011501', T0, { ...position, errorRadiusDeg: 0.02 }));
    const burst = { position: { ...position, ivorn: first.ivorn }, retracted: false };
    expect(
      planNotice(better, burst, [gwac], [{ id: 'r', facilityId: 'GWAC', status: 'observing' }], NOW, options)
        .actions[0],
    ).toMatchObject({ kind: 'update', requestId: 'r' });
    expect(
      planNotice(better, burst, [gwac], [{ id: 'r', facilityId: 'GWAC', status: 'completed' }], NOW, options)
        .actions[0],
    ).toMatchObject({ kind: 'none', reason: 'request-closed' });

    const retract = parse(retraction('sb26011501', T0, slewing('sb26011501', T0, position)));
    const r = planNotice(
      retract,
      burst,
      [gwac, { ...gwac, id: 'OTHER' }],
      [{ id: 'r', facilityId: 'GWAC', status: 'acknowledged' }],
      NOW,
      options,
    );
    expect(r.burst.retracted).toBe(true);
    expect(r.actions.map((a) => a.kind)).toEqual(['cancel', 'none']);
    expect(planNotice(better, { ...burst, retracted: true }, [gwac], [], NOW, options).actions[0]).toMatchObject({
      kind: 'none',
      reason: 'burst-retracted',
    });

    // A replayed notice of a two-day-old burst makes no new request, but still moves an open one.
    const old = parse(mxtInitial('sb26011301', '2026-01-13T14:00:00.000Z', { ...position, errorRadiusDeg: 0.02 }));
    expect(planNotice(old, { position: null, retracted: false }, [gwac], [], NOW, options).actions[0]).toMatchObject({
      kind: 'none',
      reason: 'burst-too-old',
    });
    expect(
      planNotice(old, burst, [gwac], [{ id: 'r', facilityId: 'GWAC', status: 'requested' }], NOW, options).actions[0],
    ).toMatchObject({ kind: 'update' });
  });
});

describe('lifecycle', () => {
  test('only the documented moves are allowed; final states stay final', () => {
    const allowed = REQUEST_STATUSES.flatMap((from) =>
      REQUEST_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'requested→acknowledged',
        'requested→failed',
        'requested→cancelled',
        'acknowledged→observing',
        'acknowledged→failed',
        'acknowledged→cancelled',
        'observing→completed',
        'observing→failed',
        'observing→cancelled',
      ].sort(),
    );
  });
});

describe('the app without infrastructure (OpenAPI generator)', () => {
  test('builds and documents every route', async () => {
    const { buildFollowupApp } = await import('../src/app.js');
    const app = await buildFollowupApp({
      jwtSecret: 'x'.repeat(40),
      logger: false,
      settings: settingsWith((await import('../src/config.js')).FollowupConfig),
    });
    await app.ready();
    const paths = Object.keys((app.swagger() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/facilities',
        '/v1/facilities/{id}',
        '/v1/facilities/{id}/token',
        '/v1/requests',
        '/v1/requests/{id}',
        '/v1/requests/{id}/transitions',
        '/v1/reports',
        '/v1/bursts/{burstId}/followup',
        '/v1/dead-letters',
      ]),
    );
    await app.close();
  });
});
