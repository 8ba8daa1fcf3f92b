import { sql, type Kysely } from 'kysely';
import type { GpTables } from '../db/tables.js';
import { getPlan, planEntries } from '../db/plan.repository.js';
import { publishPlan, type PlanContext } from './plan.service.js';

/**
 * Plans are stored before they are published; one whose publish failed (NATS away) keeps
 * `published_at` null and is published again here until JetStream takes it. `Nats-Msg-Id`
 * (`plan-<id>`) keeps a plan that was in fact published from landing twice.
 */
export async function republishPending(ctx: PlanContext): Promise<number> {
  const db = ctx.db as Kysely<GpTables>;
  const pending = await db
    .selectFrom('gp.plans')
    .select('id')
    .where('published_at', 'is', null)
    .where('created_at', '<', sql<Date>`now() - interval '5 seconds'`)
    .orderBy('created_at')
    .limit(20)
    .execute();
  let published = 0;
  for (const { id } of pending) {
    const plan = await getPlan(db, id);
    if (!plan) continue;
    await publishPlan(ctx, { plan, entries: await planEntries(db, id) });
    published++;
  }
  return published;
}
