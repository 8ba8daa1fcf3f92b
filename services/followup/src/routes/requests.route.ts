import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FollowupErrors } from '../errors.js';
import { authenticateActor } from '../facilities/actor-auth.js';
import { getRequest, listRequests, requestEvents } from '../db/request.repository.js';
import { transitionRequest } from '../requests/transition.service.js';
import { kitProblem, problems, problemsWith, problemWith } from '../schemas/common.schema.js';
import { badToken, foreignRequest, missingToken, notDurable, unknownRequest } from '../schemas/problems.schema.js';
import {
  RequestIdParam,
  RequestList,
  RequestQuery,
  RequestSchema,
  RequestWithEvents,
  TransitionBody,
} from '../schemas/request.schema.js';
import type { FollowupRuntime } from '../runtime.js';
import { perMinute, RATE_LIMITS } from '@svom/service-kit';

/** Observation requests: public reading; the facility (its token) or an operator moves them. */
export async function requestsRoute(app: FastifyInstance, runtime: FollowupRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/v1/requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'Requests, newest first',
        querystring: RequestQuery,
        response: { 200: RequestList },
      },
    },
    async (request) => ({
      requests: await listRequests(runtime.db, { ...request.query, limit: request.query.limit ?? 100 }),
    }),
  );

  r.get(
    '/v1/requests/:id',
    {
      schema: {
        tags: ['requests'],
        summary: 'One request and its audited events',
        params: RequestIdParam,
        response: { 200: RequestWithEvents, ...problems(400), ...problemsWith(404, unknownRequest) },
      },
    },
    async (request) => {
      const found = await getRequest(runtime.db, request.params.id);
      if (!found) throw new FollowupErrors.UnknownRequest(request.params.id);
      return { ...found, events: await requestEvents(runtime.db, { requestId: found.id }) };
    },
  );

  r.post(
    '/v1/requests/:id/transitions',
    {
      config: perMinute(RATE_LIMITS.facility),
      preHandler: authenticateActor(app, () => runtime.db, 'operator'),
      schema: {
        tags: ['requests'],
        summary: 'Move a request: requested → acknowledged → observing → completed | failed | cancelled',
        security: [{ facilityToken: [] }, { personJwt: [] }],
        params: RequestIdParam,
        body: TransitionBody,
        response: {
          200: RequestSchema,
          ...problems(400),
          ...problemsWith(401, missingToken('operator'), badToken, kitProblem(401)),
          ...problemsWith(403, foreignRequest, kitProblem(403)),
          ...problemsWith(404, unknownRequest),
          ...notDurable,
          ...problemWith(
            409,
            'FOLLOWUP_BAD_TRANSITION',
            'request sb26011501-GWAC is completed: it cannot become observing (allowed from there: none, it is final)',
          ),
        },
      },
    },
    async (request) => {
      const { request: moved, outbox } = await transitionRequest(
        runtime.db,
        runtime.subjects,
        request.params.id,
        request.body.to,
        request.actor!,
        request.body.reason ?? null,
      );
      await runtime.publish([outbox]);
      request.log.info({ requestId: moved.id, status: moved.status, actor: request.actor }, 'request moved');
      return moved;
    },
  );
}
