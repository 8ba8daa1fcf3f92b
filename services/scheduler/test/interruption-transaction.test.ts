import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { interrupt, type Slewing } from '../src/plans/interruption.service.js';
import { acceptSpreadRequests, outboxCount, planMessages, postPlan, startScheduler, type Harness } from './helper.js';

const span = { start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z' };

// The interruption service is called here as the notice consumer calls it (each call one
// delivery of the slewing notice), so that each delivery's outcome can be looked at on its own.
describe('an interruption commits all of itself or nothing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScheduler({ CORE_SPAN_ORBITS: 2 });
    await acceptSpreadRequests(h.app, {
      count: 6,
      span,
      exposureS: 4000,
      decFromDeg: -50,
      decStepDeg: 20,
      tooEvery: 3,
    });
  });
  afterAll(() => h?.close());

  const plans = async () =>
    (
      await sql<{
        id: string;
        status: string;
        supersedes: string | null;
      }>`select id, status, supersedes from gp.plans order by created_at`.execute(h.database.db)
    ).rows;
  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.database.db)).rows[0]!.n;
  const newPlan = async () => (await postPlan(h.app, span)).id as string;

  test('its last write refused: no new plan, the old one still active, no interruption, no message; the redelivery then does it all', async () => {
    const planId = await newPlan();
    const slewing: Slewing = {
      burstId: 'sb26030111',
      triggerMs: Date.parse('2026-03-01T10:00:00Z'),
      raDeg: 33.5,
      decDeg: 12.25,
    };
    // The outbox insert comes after the new plan, the old one's status change and the
    // interruption row: refusing it (as a full disk or a dropped connection would) must undo them.
    await sql`create function gp.refuse_for_test() returns trigger language plpgsql as $$ begin raise exception 'outbox refused by the test'; end $$`.execute(
      h.database.db,
    );
    await sql`create trigger refuse_for_test before insert on gp.outbox for each row execute function gp.refuse_for_test()`.execute(
      h.database.db,
    );
    await expect(interrupt(h.app.runtime.planContext(), slewing)).rejects.toThrow(/outbox refused by the test/);

    expect(await plans()).toEqual([{ id: planId, status: 'active', supersedes: null }]);
    expect(await count('gp.interruptions')).toBe(0);
    expect(await count('gp.outbox')).toBe(0);
    expect(
      await sql<{ n: number }>`select count(*)::int as n from gp.plan_entries where plan_id <> ${planId}`
        .execute(h.database.db)
        .then((r) => r.rows[0]!.n),
    ).toBe(0);
    expect((await planMessages(h)).map((m) => m.msgId)).toEqual([`plan-${planId}`]);

    // The notice is delivered again once the database takes writes: this time it all commits.
    await sql`drop trigger refuse_for_test on gp.outbox`.execute(h.database.db);
    const again = await interrupt(h.app.runtime.planContext(), slewing);
    if (again.outcome !== 'replanned') throw new Error(`expected a replan, got ${again.outcome}`);
    expect(again.outbox.map((r) => r.msgId)).toEqual([`interrupted-${slewing.burstId}`, `plan-${again.newPlanId}`]);
    expect(await plans()).toEqual([
      { id: planId, status: 'interrupted', supersedes: null },
      { id: again.newPlanId, status: 'active', supersedes: planId },
    ]);
    await h.app.runtime.publish(again.outbox);
    expect(await outboxCount(h)).toBe(0);
    expect((await planMessages(h)).map((m) => m.msgId)).toEqual([
      `plan-${planId}`,
      `interrupted-${slewing.burstId}`,
      `plan-${again.newPlanId}`,
    ]);
    // A third delivery finds everything done.
    expect((await interrupt(h.app.runtime.planContext(), slewing)).outcome).toBe('duplicate');
  });

  test('two deliveries of one notice at once: one replans, the other finds it done', async () => {
    const planId = await newPlan();
    const slewing: Slewing = {
      burstId: 'sb26030112',
      triggerMs: Date.parse('2026-03-01T12:00:00Z'),
      raDeg: 250,
      decDeg: -40,
    };
    const before = (await plans()).length;
    const results = await Promise.all([
      interrupt(h.app.runtime.planContext(), slewing),
      interrupt(h.app.runtime.planContext(), slewing),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'replanned']);
    const after = await plans();
    expect(after).toHaveLength(before + 1);
    expect(after.filter((p) => p.supersedes === planId)).toHaveLength(1);
    expect(after.find((p) => p.id === planId)?.status).toBe('interrupted');
    expect(await count('gp.outbox')).toBe(2);
  });
});
