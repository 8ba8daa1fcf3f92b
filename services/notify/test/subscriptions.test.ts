import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  count,
  eventually,
  operatorAuth,
  parseMail,
  publishNotice,
  scientistAuth,
  startNotify,
  startReceiver,
  startSmtpSink,
  type Harness,
} from './helper.js';
import { mxtInitial } from './notices.js';

const T0 = '2026-01-15T20:58:12.340Z';
const SITE = { latitudeDeg: 43.75, longitudeDeg: 6.92, altitudeM: 1270, horizonDeg: 15 };
const webhook = (url: string) => ({ type: 'webhook', url, secret: 'a-webhook-secret-of-32-characters' });

describe('subscriptions REST', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  /** 500 for every request to /down. */
  beforeAll(async () => {
    smtp = await startSmtpSink();
    h = await startNotify(
      { SMTP_URL: smtp.url, RETRY_FOR_S: 2, RETRY_BASE_MS: 100, RETRY_MAX_DELAY_MS: 200 },
      { skyClock: () => new Date('2026-01-15T21:00:12.340Z') },
    );
    receiver = await startReceiver(
      () => 'a-webhook-secret-of-32-characters',
      (r) => (r.path.startsWith('/down') ? 500 : 200),
    );
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
    await smtp?.close();
  });

  const post = (payload: unknown, headers = scientistAuth('alice')) =>
    h.app.inject({ method: 'POST', url: '/v1/subscriptions', headers, payload: payload as object });

  test('bad requests are problem+json naming the failing field', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ name: 'x', channel: { type: 'email' } }, '/body/channel/address', 'NOTIFY_BAD_CHANNEL'],
      [{ name: 'x', channel: { type: 'webhook' } }, '/body/channel/url', 'NOTIFY_BAD_CHANNEL'],
      [{ name: 'x', channel: { type: 'webhook', url: 'ftp://x.example/' } }, '/body/channel/url', 'NOTIFY_BAD_CHANNEL'],
      [
        { name: 'x', channel: { type: 'email', address: 'a@b.example', format: 'slack' } },
        '/body/channel/format',
        'NOTIFY_BAD_CHANNEL',
      ],
      [{ name: 'x', channel: { type: 'pigeon' } }, '/body/channel/type', 'FSC_VALIDATION'],
      [
        { name: 'x', filter: { minSnr: 'high' }, channel: webhook('http://127.0.0.1:1/') },
        '/body/filter/minSnr',
        'FSC_VALIDATION',
      ],
      [
        {
          name: 'x',
          filter: { region: { raDeg: 400, decDeg: 0, radiusDeg: 1 } },
          channel: webhook('http://127.0.0.1:1/'),
        },
        '/body/filter/region/raDeg',
        'FSC_VALIDATION',
      ],
      [
        { name: 'x', filter: { observableWithinHours: 2 }, channel: webhook('http://127.0.0.1:1/') },
        '/body/filter/observableWithinHours',
        'NOTIFY_BAD_FILTER',
      ],
      [
        { name: 'x', site: { ...SITE, latitudeDeg: 95 }, channel: webhook('http://127.0.0.1:1/') },
        '/body/site/latitudeDeg',
        'FSC_VALIDATION',
      ],
      [
        { name: 'x', filter: { alarms: true }, channel: webhook('http://127.0.0.1:1/') },
        '/body/filter/alarms',
        'NOTIFY_ALARMS_FOR_OPERATORS',
      ],
    ];
    for (const [payload, field, code] of cases) {
      const response = await post(payload);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json(), JSON.stringify(payload)).toMatchObject({ field, code });
    }
    expect((await h.app.inject({ method: 'POST', url: '/v1/subscriptions', payload: {} })).statusCode).toBe(401);
  });

  test('each person sees and edits their own; operators see all', async () => {
    const mine = (await post({ name: 'alice 1', channel: webhook(receiver.url('/alice')) })).json();
    expect(mine.secret).toBeUndefined(); // given, so not shown back
    const generated = (
      await post({ name: 'alice 2', channel: { type: 'webhook', url: receiver.url('/alice2') } })
    ).json();
    expect(generated.secret).toMatch(/^[0-9a-f]{64}$/);
    const bobs = (await post({ name: 'bob', channel: webhook(receiver.url('/bob')) }, scientistAuth('bob'))).json();

    const list = (auth: { authorization: string }, query = '') =>
      h.app
        .inject({ url: `/v1/subscriptions${query}`, headers: auth })
        .then((r) => r.json().subscriptions.map((s: { id: string }) => s.id));
    expect(await list(scientistAuth('alice'))).toEqual(expect.arrayContaining([mine.id, generated.id]));
    expect(await list(scientistAuth('alice'))).not.toContain(bobs.id);
    expect(await list(operatorAuth())).toEqual(expect.arrayContaining([mine.id, generated.id, bobs.id]));
    expect(await list(operatorAuth(), '?owner=bob')).toEqual([bobs.id]);

    const foreign = await h.app.inject({ url: `/v1/subscriptions/${bobs.id}`, headers: scientistAuth('alice') });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('NOTIFY_FOREIGN_SUBSCRIPTION');
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/v1/subscriptions/${bobs.id}`, headers: scientistAuth('alice') }))
        .statusCode,
    ).toBe(403);
    expect((await h.app.inject({ url: `/v1/subscriptions/${bobs.id}`, headers: operatorAuth() })).statusCode).toBe(200);

    const paused = await h.app.inject({
      method: 'POST',
      url: `/v1/subscriptions/${mine.id}/pause`,
      headers: scientistAuth('alice'),
    });
    expect(paused.json()).toMatchObject({ status: 'paused', pausedReason: 'paused by alice' });
    await publishNotice(h, mxtInitial('sb26011560', T0, { raDeg: 10, decDeg: 10, errorRadiusDeg: 0.01 }));
    await eventually(() => receiver.accepted.some((r) => r.path === '/bob'), 'the notice at an active subscription');
    expect(receiver.received.filter((r) => r.path === '/alice')).toHaveLength(0);
    const resumed = await h.app.inject({
      method: 'POST',
      url: `/v1/subscriptions/${mine.id}/resume`,
      headers: scientistAuth('alice'),
    });
    expect(resumed.json()).toMatchObject({ status: 'active', pausedReason: null });

    const deleted = await h.app.inject({
      method: 'DELETE',
      url: `/v1/subscriptions/${bobs.id}`,
      headers: scientistAuth('bob'),
    });
    expect(deleted.statusCode).toBe(204);
    expect(await count(h, 'notify.deliveries', `subscription_id = '${bobs.id}'`)).toBe(0);
    expect((await h.app.inject({ url: `/v1/subscriptions/${bobs.id}`, headers: operatorAuth() })).statusCode).toBe(404);
  });

  test('a subscription is changed in place: the next notice follows the new filter and URL; errors name their field', async () => {
    const made = (
      await post({ name: 'vt only', filter: { types: ['vt'] }, channel: webhook(receiver.url('/patch-a')) })
    ).json();
    const patch = (payload: unknown, headers = scientistAuth('alice'), id = made.id) =>
      h.app.inject({ method: 'PATCH', url: `/v1/subscriptions/${id}`, headers, payload: payload as object });

    const renamed = await patch({ name: 'MXT, renamed', filter: { types: ['mxt'] } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      id: made.id,
      name: 'MXT, renamed',
      status: 'active',
      // The filter is replaced whole, its defaults filled in as when it was made.
      filter: { types: ['mxt'], includeTest: false, includeRetractions: true },
      channel: { type: 'webhook', url: receiver.url('/patch-a'), format: 'json' },
    });
    expect(renamed.json().secret).toBeUndefined();
    await publishNotice(h, mxtInitial('sb26011564', T0, { raDeg: 12, decDeg: 10, errorRadiusDeg: 0.01 }));
    await eventually(() => receiver.accepted.some((r) => r.path === '/patch-a'), 'the MXT notice at the new filter');

    // A new URL (and secret): the next notice goes there, signed with the new secret.
    const moved = await patch({ channel: { url: receiver.url('/patch-b') } });
    expect(moved.json().channel.url).toBe(receiver.url('/patch-b'));
    await publishNotice(h, mxtInitial('sb26011565', T0, { raDeg: 14, decDeg: 10, errorRadiusDeg: 0.01 }));
    await eventually(() => receiver.accepted.some((r) => r.path === '/patch-b'), 'the notice at the new URL');
    expect(receiver.accepted.filter((r) => r.path === '/patch-a').map((r) => r.body.notice.id[0])).toEqual([
      'sb26011564',
    ]);

    const cases: Array<[unknown, string, string]> = [
      [{}, '/body', 'FSC_VALIDATION'],
      [{ channel: { type: 'email' } }, '/body/channel/type', 'FSC_VALIDATION'],
      [{ channel: { address: 'a@b.example' } }, '/body/channel/address', 'NOTIFY_BAD_CHANNEL'],
      [{ channel: { url: 'ftp://x.example/' } }, '/body/channel/url', 'NOTIFY_BAD_CHANNEL'],
      [{ filter: { observableWithinHours: 2 } }, '/body/filter/observableWithinHours', 'NOTIFY_BAD_FILTER'],
      [{ site: { ...SITE, horizonDeg: 95 } }, '/body/site/horizonDeg', 'FSC_VALIDATION'],
      [{ owner: 'bob' }, '/body/owner', 'FSC_VALIDATION'],
    ];
    for (const [payload, field, code] of cases) {
      const res = await patch(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json(), JSON.stringify(payload)).toMatchObject({ field, code });
    }
    // Alarms go by the owner's role: an operator editing alice's subscription cannot give her them.
    const alarms = await patch({ filter: { alarms: true } }, operatorAuth());
    expect(alarms.statusCode).toBe(403);
    expect(alarms.json()).toMatchObject({ code: 'NOTIFY_ALARMS_FOR_OPERATORS', field: '/body/filter/alarms' });
    expect((await patch({ name: 'mine now' }, scientistAuth('bob'))).json().code).toBe('NOTIFY_FOREIGN_SUBSCRIPTION');
    expect((await patch({ name: 'x' }, scientistAuth('alice'), 'sub_nonexistent')).statusCode).toBe(404);
    // None of the refused changes was written.
    const now = (await h.app.inject({ url: `/v1/subscriptions/${made.id}`, headers: scientistAuth('alice') })).json();
    expect(now).toMatchObject({ name: 'MXT, renamed', filter: { types: ['mxt'] }, site: null });
    expect(now.filter.alarms).toBe(false);
  });

  test('observableWithinHours keeps only positions the site can observe soon', async () => {
    const soon = (
      await post({
        name: 'soon',
        site: SITE,
        filter: { observableWithinHours: 1 },
        channel: webhook(receiver.url('/soon')),
      })
    ).json();
    expect(soon.site).toMatchObject(SITE);
    await publishNotice(h, mxtInitial('sb26011561', T0, { raDeg: 97.1, decDeg: 40.2, errorRadiusDeg: 0.01 })); // up now
    await publishNotice(h, mxtInitial('sb26011562', T0, { raDeg: 30, decDeg: -80, errorRadiusDeg: 0.01 })); // never up
    await eventually(() => receiver.accepted.some((r) => r.path === '/soon'), 'the observable one');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const got = receiver.accepted.filter((r) => r.path === '/soon').map((r) => r.body.notice.id[0]);
    expect(got).toEqual(['sb26011561']);
    expect(receiver.accepted.find((r) => r.path === '/soon')!.body.visibility.observableNow).toBe(true);
  });

  test('a subscription failing for RETRY_FOR_S is paused and its owner told by email', async () => {
    const down = (
      await post({
        name: 'down',
        ownerEmail: 'owner@obs.example',
        filter: { types: ['mxt'] },
        channel: webhook(receiver.url('/down')),
      })
    ).json();
    await publishNotice(h, mxtInitial('sb26011563', T0, { raDeg: 50, decDeg: 10, errorRadiusDeg: 0.01 }));
    await eventually(
      async () =>
        (await h.app.inject({ url: `/v1/subscriptions/${down.id}`, headers: scientistAuth('alice') })).json().status ===
        'paused',
      'the subscription paused after failing for 2 s',
    );
    const attempts = receiver.received.filter((r) => r.path === '/down').length;
    expect(attempts).toBeGreaterThan(2);
    const mail = await eventually(
      () =>
        smtp
          .mails()
          .map(parseMail)
          .find((m) => m.headers.get('to') === 'owner@obs.example'),
      'the owner told by email',
    );
    expect(mail.headers.get('subject')).toBe('Your SVOM subscription "down" was paused');
    expect(mail.body).toContain('was paused: every delivery failed since');
    const view = (await h.app.inject({ url: `/v1/subscriptions/${down.id}`, headers: scientistAuth('alice') })).json();
    expect(view.pausedReason).toContain('HTTP 500');
    const deliveries = (
      await h.app.inject({ url: `/v1/subscriptions/${down.id}/deliveries`, headers: scientistAuth('alice') })
    ).json().deliveries;
    expect(deliveries.find((d: { kind: string }) => d.kind === 'notice')).toMatchObject({
      status: 'failed',
      lastHttpStatus: 500,
    });
  });
});
