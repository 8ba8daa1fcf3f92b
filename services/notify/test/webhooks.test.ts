import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { count, eventually, publishNotice, scientistAuth, startNotify, startReceiver, type Harness } from './helper.js';
import { grmTrigger, mxtInitial, mxtUpdate, retraction, slewing } from './notices.js';

const T0 = '2026-01-15T14:58:12.340Z';

describe('webhooks on a real local HTTP server', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secrets = new Map<string, string>();
  /** 503 for the first N requests of a path, then 200. */
  const failFirst = new Map<string, number>();

  beforeAll(async () => {
    h = await startNotify();
    receiver = await startReceiver(
      (path) => secrets.get(path.split('?')[0]!),
      (r) => {
        const left = failFirst.get(r.path) ?? 0;
        if (left > 0) {
          failFirst.set(r.path, left - 1);
          return 503;
        }
        if (r.path === '/gone') return 410;
        return 200;
      },
    );
  });
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  async function subscribe(path: string, filter: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const secret = `secret-of-${path}-`.padEnd(32, 'x');
    secrets.set(path, secret);
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: scientistAuth(),
      payload: {
        name: path,
        filter,
        channel: { type: 'webhook', url: receiver.url(path), secret, format: 'json' },
        ...extra,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; status: string };
  }
  const at = (path: string) => receiver.accepted.filter((r) => r.path === path);

  test("the issue's request: 201 active; each matching notice once, signed, with the notice as on NATS", async () => {
    const mxt = await subscribe('/mxt', {
      types: ['mxt'],
      instruments: ['MXT'],
      minSnr: 7,
      region: { raDeg: 120, decDeg: -30, radiusDeg: 10 },
      includeTest: false,
      includeRetractions: true,
    });
    expect(mxt.status).toBe('active');
    const everything = await subscribe('/all', {});
    await subscribe('/drills', { includeTest: true });

    const inside = { raDeg: 121, decDeg: -31, errorRadiusDeg: 0.01 };
    const outside = { raDeg: 200, decDeg: 10, errorRadiusDeg: 0.01 };
    const a = await publishNotice(h, mxtInitial('sb26011501', T0, inside)); // matches
    await publishNotice(h, mxtInitial('sb26011502', T0, outside)); // outside the region
    await publishNotice(h, slewing('sb26011503', T0, inside)); // not an mxt type
    await publishNotice(h, { ...mxtInitial('sb26011504', T0, inside), snr: 5 } as never); // SNR too low
    await publishNotice(h, { ...mxtInitial('sb26011505', T0, inside), role: 'test' } as never); // a drill
    const b = await publishNotice(h, mxtUpdate('sb26011501', T0, 2, inside)); // matches (second of the burst)
    const r = await publishNotice(h, retraction('sb26011501', T0, slewing('sb26011501', T0, inside)));

    await eventually(() => at('/drills').length === 7, 'every notice, the drill too, where includeTest is set');
    await eventually(() => at('/all').length === 6, 'every notice but the drill at the catch-all subscription');
    await eventually(() => at('/mxt').length === 3, 'two MXT notices and the retraction at /mxt');
    expect(at('/mxt').map((x) => x.body.notice.id[0])).toEqual(['sb26011501', 'sb26011501', 'sb26011501']);
    for (const x of receiver.received) {
      expect(x.signatureOk).toBe(true);
      expect(x.contentType).toBe('application/json');
    }
    const first = at('/mxt')[0]!.body;
    expect(first).toEqual({ subscriptionId: mxt.id, notice: a.json, visibility: null, test: false });
    expect(at('/mxt')[1]!.body.notice).toEqual(b.json);
    expect(at('/mxt')[2]!.body.notice).toEqual(r.json);
    expect(at('/all').some((x) => x.body.notice.id[0] === 'sb26011505')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The delivery ids say which it would be: one row sent twice (a resend), or two rows.
    expect(at('/mxt'), JSON.stringify(at('/mxt').map((x) => x.delivery))).toHaveLength(3);
    expect(everything.status).toBe('active');
  });

  test('a webhook answering 503 then 200 gets its notice once; a 4xx is not retried', async () => {
    const flaky = await subscribe('/flaky', { types: ['grm'] });
    const gone = await subscribe('/gone', { types: ['grm'] });
    failFirst.set('/flaky', 2);
    const n = await publishNotice(h, grmTrigger('sb26011510', T0, { raDeg: 10, decDeg: 20, errorRadiusDeg: 3 }));
    await eventually(() => at('/flaky').length === 1, 'the notice delivered after two 503');
    expect(receiver.received.filter((x) => x.path === '/flaky')).toHaveLength(3);
    // The receiver has answered; the worker records the outcome just after.
    const deliveries = await eventually(async () => {
      const rows = (
        await h.app.inject({ url: `/v1/subscriptions/${flaky.id}/deliveries`, headers: scientistAuth() })
      ).json().deliveries;
      return rows[0]?.status === 'delivered' && rows;
    }, 'the delivery recorded as delivered');
    expect(deliveries).toMatchObject([{ eventKey: n.key, status: 'delivered', attempts: 3, lastHttpStatus: 200 }]);

    await eventually(
      async () => (await count(h, 'notify.deliveries', `subscription_id = '${gone.id}' and status = 'failed'`)) === 1,
      'the 410 recorded as failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.filter((x) => x.path === '/gone')).toHaveLength(1);
    const goneRow = (
      await h.app.inject({ url: `/v1/subscriptions/${gone.id}/deliveries`, headers: scientistAuth() })
    ).json().deliveries[0];
    expect(goneRow).toMatchObject({ status: 'failed', attempts: 1, lastHttpStatus: 410 });
  });

  test('the test button sends a marked test notice at once and answers with its outcome', async () => {
    const s = await subscribe('/button', { types: ['nothing-real-matches-this'] });
    const response = await h.app.inject({
      method: 'POST',
      url: `/v1/subscriptions/${s.id}/test`,
      headers: scientistAuth(),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ kind: 'test', status: 'delivered', lastHttpStatus: 200 });
    const got = at('/button');
    expect(got).toHaveLength(1);
    expect(got[0]!.body.test).toBe(true);
    expect(got[0]!.body.notice.alert_tense).toBe('test');
    expect(got[0]!.signatureOk).toBe(true);
  });
});
