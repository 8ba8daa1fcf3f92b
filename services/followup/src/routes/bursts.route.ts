import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { burstFollowup } from '../bursts/timeline.service.js';
import { FollowupErrors } from '../errors.js';
import { problems, problemsWith } from '../schemas/common.schema.js';
import { unknownBurst } from '../schemas/problems.schema.js';
import { BurstFollowup, BurstIdParam } from '../schemas/burst.schema.js';
import type { FollowupRuntime } from '../runtime.js';

/** A burst's follow-up timeline (public). */
export async function burstsRoute(app: FastifyInstance, runtime: FollowupRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/v1/bursts/:burstId/followup',
    {
      schema: {
        tags: ['bursts'],
        summary: "A burst's notices, requests, reasons for no request and reports in one timeline",
        params: BurstIdParam,
        response: { 200: BurstFollowup, ...problems(400), ...problemsWith(404, unknownBurst) },
      },
    },
    async (request) => {
      const followup = await burstFollowup(runtime.db, request.params.burstId);
      if (!followup) throw new FollowupErrors.UnknownBurst(request.params.burstId);
      return followup;
    },
  );
}
