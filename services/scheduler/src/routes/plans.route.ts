import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getPlan, listPlans, planEntries, type StoredPlan } from '../db/plan.repository.js';
import { invalid, SchedulerErrors } from '../errors.js';
import { entryJson } from '../plans/plan-messages.js';
import { createPlan } from '../plans/plan.service.js';
import type { PlanEntry } from '../planner/types.js';
import { kitProblem, problems, problemsWith, problemWith } from '../schemas/common.schema.js';
import { NewPlan, PlanIdParam, PlanList, PlanView } from '../schemas/plan.schema.js';
import type { SchedulerRuntime } from '../runtime.js';
import { perMinute, RATE_LIMITS } from '@svom/service-kit';

/** Plans: made by operators over a span, read by anyone, published on svom.plan.published. */
export async function plansRoute(app: FastifyInstance, runtime: SchedulerRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/v1/plans',
    {
      config: perMinute(RATE_LIMITS.expensive),
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['plans'],
        summary: 'Plan the accepted requests over a span (≤ 14 days); it replaces the active plans it overlaps',
        security: [{ personJwt: [] }],
        body: NewPlan,
        response: {
          201: PlanView,
          ...problemsWith(400, kitProblem(400), {
            code: 'GP_INVALID',
            detail: '/body/end must be after start',
            field: '/body/end',
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request, reply) => {
      const startMs = Date.parse(request.body.start);
      const endMs = Date.parse(request.body.end);
      if (!(endMs > startMs)) throw invalid('/body/end', 'must be after start');
      if (endMs - startMs > runtime.settings.MAX_PLAN_DAYS * 86_400_000)
        throw invalid('/body/end', `the span must not exceed ${runtime.settings.MAX_PLAN_DAYS} days`);
      if (endMs - startMs < 2 * runtime.settings.PLAN_STEP_S * 1000)
        throw invalid('/body/end', 'the span is shorter than two time steps');
      const made = await createPlan(runtime.planContext(request.log), { startMs, endMs, createdBy: request.user.sub });
      // Stored with its message: NATS away only delays the message (the outbox), never the answer.
      await runtime.publish(made.outbox);
      return reply.code(201).send(planView(made.plan, made.entries));
    },
  );

  r.get(
    '/v1/plans',
    { schema: { tags: ['plans'], summary: 'The latest plans, newest first', response: { 200: PlanList } } },
    async () => ({
      plans: (await listPlans(runtime.db, 100)).map(summary),
    }),
  );

  r.get(
    '/v1/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'A plan: its timeline and every request with its outcome',
        params: PlanIdParam,
        response: {
          200: PlanView,
          ...problems(400),
          ...problemWith(404, 'GP_UNKNOWN_PLAN', 'no plan pl-20260115-806adb83'),
        },
      },
    },
    async (request) => {
      const plan = await getPlan(runtime.db, request.params.id);
      if (!plan) throw new SchedulerErrors.UnknownPlan(request.params.id);
      return planView(plan, await planEntries(runtime.db, plan.id));
    },
  );
}

function summary(plan: StoredPlan) {
  const { constraints: _c, outcomes: _o, ...rest } = plan;
  return rest;
}

function planView(plan: StoredPlan, entries: PlanEntry[]) {
  return { ...summary(plan), constraints: plan.constraints, entries: entries.map(entryJson), requests: plan.outcomes };
}
