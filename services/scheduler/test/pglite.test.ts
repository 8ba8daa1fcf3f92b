import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  acceptSpreadRequests,
  eventually,
  noticesHandled,
  outboxCount,
  planMessages,
  postPlan,
  publishNotice,
  slewingExample as example,
  startScheduler,
  type Harness,
} from './helper.js';

const span = { start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z' };

// `npm start` runs on embedded PGlite, one serialised connection: the plan's and the
// interruption's transactions (row lock, outbox) and the outbox drain must work there too.
describe('the scheduler on embedded PGlite', () => {
  let h: Harness;
  beforeAll(
    async () =>
      (h = await startScheduler({ CORE_SPAN_ORBITS: 2, OUTBOX_RETRY_MS: 200 }, { consume: true, pglite: true })),
  );
  afterAll(() => h?.close());

  test('a plan, then a slewing notice: both plans and the interruption published once, the outbox empty', async () => {
    await acceptSpreadRequests(h.app, { count: 4, span, exposureS: 4000, decFromDeg: -45, decStepDeg: 30 });
    const planId = (await postPlan(h.app, span)).id as string;
    const notice = { ...example, id: ['sb26030131'], trigger_time: '2026-03-01T10:00:00.000000', ra: 120, dec: 30 };
    await publishNotice(h, 'slewing', notice);
    await noticesHandled(h);
    await publishNotice(h, 'slewing', notice, 'sb26030131-slewing-again');
    await noticesHandled(h);
    await eventually(async () => (await outboxCount(h)) === 0, 'the outbox to empty');
    const ids = (await planMessages(h)).map((m) => m.msgId);
    expect(ids).toHaveLength(3);
    expect(ids.slice(0, 2)).toEqual([`plan-${planId}`, 'interrupted-sb26030131']);
    expect((await h.app.inject({ url: `/v1/plans/${planId}` })).json().status).toBe('interrupted');
  });
});
