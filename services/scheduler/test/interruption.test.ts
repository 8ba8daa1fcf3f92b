import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  acceptSpreadRequests,
  eventually,
  noticesHandled,
  operatorAuth,
  outboxCount,
  planMessages,
  postPlan,
  publishNotice as publish,
  slewingExample as example,
  startScheduler,
  type Harness,
} from './helper.js';

const span = { start: '2026-03-01T00:00:00Z', end: '2026-03-03T00:00:00Z' };

describe('a slewing notice interrupts the running plan, over NATS', () => {
  let h: Harness;
  beforeAll(async () => (h = await startScheduler({ CORE_SPAN_ORBITS: 2 }, { consume: true })));
  afterAll(() => h?.close());

  const publishNotice = (name: string, notice: Record<string, unknown>, msgId?: string) =>
    publish(h, name, notice, msgId);

  test('the core-program span is removed, the rest replanned within seconds, both published; a repeat changes nothing', async () => {
    await acceptSpreadRequests(h.app, { count: 12, span, exposureS: 6000, decFromDeg: -60, decStepDeg: 10 });
    const plan = await postPlan(h.app, span);
    const triggerTime = '2026-03-01T10:00:00.000Z';
    // An observation before the trigger: what it observed counts as done.
    const doneBefore = plan.entries.filter(
      (e: { kind: string; start: string }) => e.kind === 'observation' && e.start < triggerTime,
    ).length;
    expect(doneBefore).toBeGreaterThan(0);

    // Another notice first: acknowledged and ignored.
    await publishNotice('eclairs-wakeup', { ...example, id: ['sb26030101'] });
    const notice = {
      ...example,
      id: ['sb26030101'],
      trigger_time: '2026-03-01T10:00:00.000000',
      ra: 210.5,
      dec: -12.25,
    };
    const sent = Date.now();
    await publishNotice('slewing', notice);

    const interrupted = await eventually(
      async () => (await planMessages(h)).find((m) => m.subject.endsWith('.plan.interrupted')),
      'svom.plan.interrupted',
      20_000,
    );
    const latencyMs = Date.now() - sent;
    expect(latencyMs).toBeLessThan(10_000);
    const periodS = (await h.app.inject({ url: '/v1/orbit/tle' })).json().periodMin * 60;
    expect(interrupted.data).toMatchObject({
      planId: plan.id,
      burstId: 'sb26030101',
      triggerTime,
      raDeg: 210.5,
      decDeg: -12.25,
      removedFrom: triggerTime,
    });
    expect(Date.parse(interrupted.data.removedTo) - Date.parse(triggerTime)).toBeCloseTo(2 * periodS * 1000, -3);

    const newPlanId = interrupted.data.newPlanId;
    const republished = await eventually(
      async () =>
        (await planMessages(h)).find((m) => m.subject.endsWith('.plan.published') && m.data.planId === newPlanId),
      'the new plan published',
    );
    expect(republished.data.supersedes).toBe(plan.id);

    const replanned = (await h.app.inject({ url: `/v1/plans/${newPlanId}` })).json();
    expect(replanned.spanStart).toBe(triggerTime);
    expect(replanned.spanEnd).toBe(plan.spanEnd);
    const burst = replanned.entries.find((e: { kind: string }) => e.kind === 'burst');
    expect(burst).toMatchObject({ requestId: 'sb26030101', start: triggerTime, raDeg: 210.5, decDeg: -12.25 });
    // The removed span ends on the plan's 10 s grid, never before removedTo.
    const overMs = Date.parse(burst.end) - Date.parse(interrupted.data.removedTo);
    expect(overMs).toBeGreaterThanOrEqual(0);
    expect(overMs).toBeLessThan(10_000);
    // Nothing observed inside the removed span.
    for (const e of replanned.entries.filter((x: { kind: string }) => x.kind === 'observation')) {
      expect(e.start >= burst.end || e.end <= burst.start).toBe(true);
    }
    // After the burst, the first slew starts from its direction.
    expect(
      replanned.entries.some((e: { kind: string; start: string }) => e.kind === 'observation' && e.start >= burst.end),
    ).toBe(true);
    expect((await h.app.inject({ url: `/v1/plans/${plan.id}` })).json().status).toBe('interrupted');

    // Both messages left through the outbox, which is empty again.
    await eventually(async () => (await outboxCount(h)) === 0, 'the outbox to empty');

    // The same burst again (a repeated notice, under its own Nats-Msg-Id so that the ALERTS
    // stream does not drop it): handled, and no second interruption.
    await publishNotice('slewing', { ...notice, alert_type: 'update' }, 'sb26030101-slewing-update');
    await noticesHandled(h);
    const messages = await planMessages(h);
    expect(messages.filter((m) => m.subject.endsWith('.plan.interrupted'))).toHaveLength(1);
    expect(messages.filter((m) => m.data.supersedes === plan.id)).toHaveLength(1);
    expect(await outboxCount(h)).toBe(0);

    // A notice that can never be handled is dead-lettered, not retried forever.
    await publishNotice('slewing', { ...example, id: ['sb26030102'], ra: 'north' });
    await eventually(async () => {
      const { rows } = await (await import('kysely')).sql<{
        n: number;
      }>`select count(*)::int as n from gp.dead_letters`.execute(h.database.db);
      return rows[0]!.n === 1;
    }, 'the dead letter');
    const letters = (await h.app.inject({ url: '/v1/dead-letters', headers: operatorAuth() })).json().deadLetters;
    expect(letters).toMatchObject([{ code: 'INVALID_NOTICE', reason: 'ra out of [0, 360): "north"', deliveries: 1 }]);

    // What /metrics says of all this, read from the database.
    const metrics = (await h.app.inject({ url: '/metrics' })).body;
    const value = (name: string, labels = '') =>
      Number(
        metrics
          .split('\n')
          .find((l) => l.startsWith(name) && l.includes(labels))
          ?.split(' ')
          .at(-1),
      );
    expect(value('gp_requests{', 'status="accepted"')).toBe(12);
    expect(value('gp_requests_by_kind{', 'kind="ToO-NOM"')).toBe(3);
    expect(value('gp_plans{', 'status="interrupted"')).toBe(1);
    expect(value('gp_plans{', 'status="active"')).toBe(1);
    expect(value('gp_interruptions{', 'outcome="replanned"')).toBe(1);
    expect(value('gp_last_plan_compute_seconds')).toBeGreaterThan(0);
    expect(value('gp_dead_letters')).toBe(1);
    expect(value('gp_outbox_pending')).toBe(0);
  });
});
