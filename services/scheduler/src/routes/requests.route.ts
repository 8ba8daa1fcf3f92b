import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { decideRequest, getRequest, insertRequest, listRequests } from '../db/request.repository.js';
import { invalid, SchedulerErrors } from '../errors.js';
import { kitProblem, problems, problemsWith, problemWith } from '../schemas/common.schema.js';

import {
  NewRequest,
  RequestIdParam,
  RequestList,
  RequestListQuery,
  RequestView,
  requestIn,
} from '../schemas/request.schema.js';
import type { SchedulerRuntime } from '../runtime.js';
import { perMinute, RATE_LIMITS } from '@svom/service-kit';

/** A request id the scheduler does not hold. */
const unknownRequest = problemWith(404, 'GP_UNKNOWN_REQUEST', 'no request rq-de30bfec-63a4-49b8-8cb0-a578ad89dc72');

/** Observation requests: scientists submit GP targets and ToOs, operators accept or reject them. */
export async function requestsRoute(app: FastifyInstance, runtime: SchedulerRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const write = perMinute(RATE_LIMITS.submissions);

  r.post(
    '/v1/requests',
    {
      config: write,
      preHandler: app.requireRole('scientist'),
      schema: {
        tags: ['requests'],
        summary: 'Submit a GP target or a ToO (its priority is implied by its kind)',
        security: [{ personJwt: [] }],
        body: NewRequest,
        response: {
          201: requestIn('submitted'),
          ...problemsWith(400, kitProblem(400), {
            code: 'GP_INVALID',
            detail: '/body/latest must be after earliest',
            field: '/body/latest',
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const earliestMs = Date.parse(body.earliest);
      const latestMs = Date.parse(body.latest);
      if (!Number.isFinite(earliestMs)) throw invalid('/body/earliest', 'is not a time');
      if (!Number.isFinite(latestMs)) throw invalid('/body/latest', 'is not a time');
      if (latestMs <= earliestMs) throw invalid('/body/latest', 'must be after earliest');
      if (body.minSliceS > body.exposureS)
        throw invalid('/body/minSliceS', `must not exceed exposureS (${body.exposureS} s)`);
      if (body.minSliceS > (latestMs - earliestMs) / 1000)
        throw invalid('/body/minSliceS', 'is longer than the earliest-latest interval');
      if (body.cadenceS !== undefined && body.cadenceS < body.minSliceS)
        throw invalid('/body/cadenceS', 'must be at least minSliceS (slices would overlap)');
      const row = await insertRequest(
        runtime.db,
        { ...body, earliest: new Date(earliestMs).toISOString(), latest: new Date(latestMs).toISOString() },
        request.user.sub,
      );
      request.log.info({ requestId: row.id, kind: row.kind, by: request.user.sub }, 'request submitted');
      return reply.code(201).send(row);
    },
  );

  for (const decision of ['accept', 'reject'] as const) {
    r.post(
      `/v1/requests/:id/${decision}`,
      {
        config: write,
        preHandler: app.requireRole('operator'),
        schema: {
          tags: ['requests'],
          summary: `${decision === 'accept' ? 'Accept' : 'Reject'} a submitted request${decision === 'accept' ? ' (plans take accepted requests only)' : ''}`,
          security: [{ personJwt: [] }],
          params: RequestIdParam,
          response: {
            200: requestIn(decision === 'accept' ? 'accepted' : 'rejected'),
            ...problems(400, 401, 403),
            ...unknownRequest,
            ...problemWith(
              409,
              'GP_REQUEST_DECIDED',
              'request rq-de30bfec-63a4-49b8-8cb0-a578ad89dc71 is already rejected',
            ),
          },
        },
      },
      async (request) => {
        const row = await decideRequest(
          runtime.db,
          request.params.id,
          decision === 'accept' ? 'accepted' : 'rejected',
          request.user.sub,
        );
        if (row) return row;
        const existing = await getRequest(runtime.db, request.params.id);
        if (!existing) throw new SchedulerErrors.UnknownRequest(request.params.id);
        throw new SchedulerErrors.RequestDecided(request.params.id, existing.status);
      },
    );
  }

  r.get(
    '/v1/requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'Requests by priority, then submission',
        querystring: RequestListQuery,
        response: { 200: RequestList },
      },
    },
    async (request) => ({
      requests: await listRequests(runtime.db, { status: request.query.status, limit: request.query.limit }),
    }),
  );

  r.get(
    '/v1/requests/:id',
    {
      schema: {
        tags: ['requests'],
        summary: 'One request',
        params: RequestIdParam,
        response: { 200: RequestView, ...problems(400), ...unknownRequest },
      },
    },
    async (request) => {
      const row = await getRequest(runtime.db, request.params.id);
      if (!row) throw new SchedulerErrors.UnknownRequest(request.params.id);
      return row;
    },
  );
}
