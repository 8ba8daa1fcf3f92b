import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { startPrivateNatsServer } from '@svom/service-kit/testing';
import { interrupt } from '../src/plans/interruption.service.js';
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

const day1 = { start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z' };
const day2 = { start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' };

describe('scheduler: nothing committed is lost while NATS is away', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('a plan made and a plan interrupted during a NATS crash reach the PLAN stream exactly once; the outbox empties', async () => {
    const nats = await startPrivateNatsServer();
    cleanups.push(() => nats.close());
    const h: Harness = await startScheduler(
      { CORE_SPAN_ORBITS: 2, OUTBOX_RETRY_MS: 200 },
      { consume: true, natsUrl: nats.url },
    );
    cleanups.push(() => h.close());
    await acceptSpreadRequests(h.app, {
      count: 8,
      span: { start: day1.start, end: day2.end },
      exposureS: 5000,
      decFromDeg: -60,
      decStepDeg: 15,
    });
    const plan = async (span: typeof day1) => (await postPlan(h.app, span)).id as string;

    // Before: day 1's plan, published at once.
    const first = await plan(day1);
    await eventually(
      async () => (await planMessages(h)).some((m) => m.msgId === `plan-${first}`),
      'the first plan on the stream',
    );
    await eventually(async () => (await outboxCount(h)) === 0, 'its outbox row deleted');
    // Its ack lost on the way back: the message is on the stream and its row in the outbox again
    // (young, so no drain takes it before the crash). Only the stream's duplicate window, which
    // must survive the restart, keeps it from landing twice.
    const copy = (await planMessages(h)).find((m) => m.msgId === `plan-${first}`)!;
    await sql`insert into gp.outbox (subject, msg_id, payload) values (${copy.subject}, ${copy.msgId}, ${JSON.stringify(copy.data)})`.execute(
      h.database.db,
    );

    // NATS is killed: acks in flight are lost with it.
    await nats.kill();
    await eventually(async () => !h.app.runtime.publisher.natsUp, 'the service to see NATS gone');
    // During: an operator plans day 2, and is answered at once (plan and message are committed).
    const asked = performance.now();
    const second = await plan(day2);
    // Planning takes ~0.1 s here; waiting for a JetStream ack that cannot come would take 2 s.
    expect(performance.now() - asked).toBeLessThan(1500);
    // A slewing notice delivered just before the crash is handled while NATS is away. Nothing can
    // arrive over NATS now, so the interruption is called as the notice consumer calls it; the
    // consumer's ack of that delivery would be lost with the server, hence the redelivery below.
    const slewing = {
      burstId: 'sb26030121',
      triggerMs: Date.parse('2026-03-01T10:00:00Z'),
      raDeg: 210.5,
      decDeg: -12.25,
    };
    const interrupted = await interrupt(h.app.runtime.planContext(), slewing);
    if (interrupted.outcome !== 'replanned') throw new Error(`expected a replan, got ${interrupted.outcome}`);
    await h.app.runtime.publish(interrupted.outbox); // as the consumer does: nothing goes while NATS is away
    // The copy, day 2's plan, the interruption and the replanned rest.
    expect(await outboxCount(h)).toBe(4);
    // Long enough for drains to find NATS away (OUTBOX_RETRY_MS is 200 here).
    await new Promise((r) => setTimeout(r, 1000));
    expect(await outboxCount(h)).toBe(4);

    // After: the same server, port and store.
    await nats.restart();
    await eventually(async () => (await outboxCount(h)) === 0, 'the outbox to drain', 30_000);
    // The slewing notice redelivered (its ack was lost): the interruption is found done.
    const notice = {
      ...example,
      id: [slewing.burstId],
      trigger_time: '2026-03-01T10:00:00.000000',
      ra: slewing.raDeg,
      dec: slewing.decDeg,
    };
    await publishNotice(h, 'slewing', notice);
    await noticesHandled(h, 30_000);

    const onStream = await planMessages(h);
    expect(onStream.map((m) => m.msgId).sort()).toEqual(
      [`interrupted-${slewing.burstId}`, `plan-${first}`, `plan-${interrupted.newPlanId}`, `plan-${second}`].sort(),
    );
    // The interruption before the plan that follows it, as they were committed.
    expect(onStream.map((m) => m.msgId).indexOf(`interrupted-${slewing.burstId}`)).toBeLessThan(
      onStream.map((m) => m.msgId).indexOf(`plan-${interrupted.newPlanId}`),
    );
    const message = onStream.find((m) => m.subject.endsWith('.plan.interrupted'))!.data;
    expect(message).toMatchObject({
      planId: first,
      newPlanId: interrupted.newPlanId,
      burstId: slewing.burstId,
      replanMs: interrupted.replanMs,
    });
    expect(onStream.find((m) => m.msgId === `plan-${interrupted.newPlanId}`)!.data.supersedes).toBe(first);
    expect((await h.app.inject({ url: `/v1/plans/${first}` })).json().status).toBe('interrupted');
    expect(await outboxCount(h)).toBe(0);
  }, 90_000);
});
