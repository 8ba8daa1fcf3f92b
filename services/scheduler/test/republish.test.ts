import { sql } from 'kysely';
import { ensureStreams, streamName } from '@svom/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { republishPending } from '../src/plans/plan.republisher.js';
import { acceptedRequest, operatorAuth, planMessages, startScheduler, type Harness } from './helper.js';

describe('a plan JetStream did not take is published later, once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScheduler();
  });
  afterAll(() => h?.close());

  test('stored while its stream was gone, then published by the republisher', async () => {
    const day = { start: '2026-03-01T00:00:00Z', end: '2026-03-01T12:00:00Z' };
    await acceptedRequest(h.app, { kind: 'GP', raDeg: 120, decDeg: 60, exposureS: 3000, minSliceS: 600, earliest: day.start, latest: day.end });
    // JetStream refuses: the PLAN stream is not there.
    await h.jsm.streams.delete(streamName('PLAN', h.prefix));
    const res = await h.app.inject({ method: 'POST', url: '/v1/plans', headers: operatorAuth(), payload: day });
    expect(res.statusCode).toBe(201);
    const planId = res.json().id as string;
    const row = async () => (await sql<{ published_at: Date | null }>`select published_at from gp.plans where id = ${planId}`.execute(h.database.db)).rows[0];
    expect((await row())?.published_at).toBeNull();

    await ensureStreams(h.jsm, { prefix: h.prefix }, ['PLAN']);
    await sql`update gp.plans set created_at = created_at - interval '1 minute' where id = ${planId}`.execute(h.database.db);
    expect(await republishPending(h.app.runtime.planContext())).toBe(1);
    expect((await row())?.published_at).not.toBeNull();
    expect(await republishPending(h.app.runtime.planContext())).toBe(0);
    const published = (await planMessages(h)).filter((m) => m.data.planId === planId);
    expect(published).toHaveLength(1);
    expect(published[0]!.subject).toBe(`${h.prefix}.svom.plan.published`);
  });
});
