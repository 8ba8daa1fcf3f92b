import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isRoleList } from '@svom/service-kit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SAA_POLYGON } from '@svom/astro';
import { invalid } from '../errors.js';
import { constraintsFrom } from '../plans/constraints.js';
import { direction, prepareSky, sampleMs, visibleRuns } from '../planner/index.js';
import { SAA_SENSITIVE, type Instrument } from '../planner/types.js';
import { kitProblem, problemsWith } from '../schemas/common.schema.js';
import { Constraints, Visibility, VisibilityQuery } from '../schemas/visibility.schema.js';
import type { SchedulerRuntime } from '../runtime.js';

/**
 * Without a person's token, a visibility span is at most this long: a 14-day span costs ~250 ms
 * of the event loop, which anonymous callers could otherwise ask for in a loop (issue 16).
 */
export const ANONYMOUS_VISIBILITY_DAYS = 2;

/** Visibility windows of any target over any span, with the planner's own code and constraints. */
export async function visibilityRoute(app: FastifyInstance, runtime: SchedulerRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/v1/visibility',
    {
      schema: {
        tags: ['visibility'],
        summary: 'When a target is observable (Earth limb, Sun, Moon, SAA) between from and to',
        description: `Spans of up to ${ANONYMOUS_VISIBILITY_DAYS} days for anyone; longer ones (up to MAX_PLAN_DAYS) with a person's token.`,
        querystring: VisibilityQuery,
        response: {
          200: Visibility,
          ...problemsWith(400, kitProblem(400), {
            code: 'GP_INVALID',
            detail: '/querystring/to must be after from',
            field: '/querystring/to',
          }),
        },
      },
    },
    async (request) => {
      // Read here, not at registration: the OpenAPI generator builds the app without a runtime.
      const { settings } = runtime;
      const { ra, dec } = request.query;
      const fromMs = Date.parse(request.query.from);
      const toMs = Date.parse(request.query.to);
      if (!(toMs > fromMs)) throw invalid('/querystring/to', 'must be after from');
      if (toMs - fromMs > settings.MAX_PLAN_DAYS * 86_400_000)
        throw invalid('/querystring/to', `span longer than ${settings.MAX_PLAN_DAYS} days`);
      if (toMs - fromMs > ANONYMOUS_VISIBILITY_DAYS * 86_400_000 && !(await holdsPersonToken(request)))
        throw invalid(
          '/querystring/to',
          `span longer than ${ANONYMOUS_VISIBILITY_DAYS} days: longer spans need a person's token`,
        );
      const instruments = (request.query.instruments ?? 'MXT,VT').split(',') as Instrument[];
      const avoidSaa = instruments.some((i) => SAA_SENSITIVE.includes(i));
      const stepS = settings.PLAN_STEP_S;
      // The ephemeris starts on the step grid: callers asking from "now" every millisecond share
      // one cached ephemeris instead of each computing their own.
      const startMs = Math.floor(fromMs / (stepS * 1000)) * stepS * 1000;
      const spanS = Math.ceil((toMs - startMs) / 1000 / stepS) * stepS;
      const sky = prepareSky(
        runtime.orbit.ephemeris(await runtime.orbit.current(), startMs, spanS, stepS),
        constraintsFrom(settings),
      );
      const runs = visibleRuns(sky, direction(ra, dec).unit, avoidSaa);
      const windows = [];
      let visibleS = 0;
      for (let j = 0; j < runs.length; j += 2) {
        const openMs = Math.max(fromMs, sampleMs(sky, runs[j]!));
        const closeMs = Math.min(toMs, sampleMs(sky, runs[j + 1]!));
        if (closeMs <= openMs) continue;
        windows.push({
          start: new Date(openMs).toISOString(),
          end: new Date(closeMs).toISOString(),
          durationS: (closeMs - openMs) / 1000,
        });
        visibleS += (closeMs - openMs) / 1000;
      }
      return {
        raDeg: ra,
        decDeg: dec,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        stepS,
        avoidSaa,
        windows,
        visibleS,
      };
    },
  );

  r.get(
    '/v1/constraints',
    {
      schema: {
        tags: ['visibility'],
        summary: 'The constraints in force (configurable; defaults in the README)',
        response: { 200: Constraints },
      },
    },
    async () => {
      const { settings } = runtime;
      return {
        ...constraintsFrom(settings),
        coreSpanOrbits: settings.CORE_SPAN_ORBITS,
        stepS: settings.PLAN_STEP_S,
        maxPlanDays: settings.MAX_PLAN_DAYS,
        saaPolygon: SAA_POLYGON.map((v) => [...v]),
      };
    },
  );
}

/** A valid person token of any role (the route stays public; only long spans need one). */
async function holdsPersonToken(request: FastifyRequest): Promise<boolean> {
  if (!request.headers.authorization) return false;
  try {
    await request.jwtVerify();
    return isRoleList((request.user as { roles?: unknown }).roles);
  } catch {
    return false;
  }
}
