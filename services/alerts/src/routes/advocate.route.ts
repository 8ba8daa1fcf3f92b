import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OwnProblem } from '@svom/service-kit';
import { commentBurst, confirmBurst, retractBurst } from '../advocate/advocate.service.js';
import type { AlertsRuntime } from '../runtime.js';
import { BurstId, CommentBody, ConfirmBody, RetractBody } from '../schemas/burst.schema.js';
import { problems, problemsWith, problemWith } from '../schemas/common.schema.js';

/** Every action is on a burst the service knows. */
const unknownBurst = problemWith(404, 'ALERTS_UNKNOWN_BURST', 'no burst sb26031499');
/** A retracted burst is neither retracted again nor confirmed. */
const alreadyRetracted: OwnProblem = {
  code: 'ALERTS_ALREADY_RETRACTED',
  detail: 'burst sb26031401 was retracted at 2026-03-14T10:21:07.000Z',
};
/** A burst with no GRM, ECLAIRs or MXT notice yet has nothing a retraction could cite. */
const nothingToRetract: OwnProblem = {
  code: 'ALERTS_NOTHING_TO_RETRACT',
  detail: 'burst sb26031401 has no GRM, ECLAIRs or MXT notice to retract',
};

const Done = Type.Object(
  {
    burstId: Type.String(),
    action: Type.String({ description: 'retracted, confirmed or comment' }),
    by: Type.String({ description: "the Burst Advocate (the token's sub)" }),
    at: Type.String({ format: 'date-time' }),
  },
  {
    title: 'AdvocateAction',
    examples: [{ burstId: 'sb25010101', action: 'confirmed', by: 'jdoe', at: '2025-01-01T03:40:00.000Z' }],
  },
);

/** Burst Advocate actions (JWT role `burst-advocate`), each audited in the burst's timeline. */
export async function advocateRoute(app: FastifyInstance, runtime: AlertsRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = { preHandler: app.requireRole('burst-advocate'), config: { rateLimit: {} } };
  const params = Type.Object({ burstId: BurstId });
  const security = [{ personJwt: [] }];

  r.post(
    '/v1/bursts/:burstId/retraction',
    {
      ...guard,
      schema: {
        tags: ['burst advocates'],
        summary: 'Retract a burst: a 219 notice citing every earlier one, distributed everywhere',
        security,
        params,
        body: RetractBody,
        response: {
          201: Done,
          ...problems(400, 401, 403),
          ...unknownBurst,
          ...problemsWith(409, alreadyRetracted, nothingToRetract),
        },
      },
    },
    async (request, reply) => {
      const at = new Date();
      const outbox = await retractBurst(
        runtime.db,
        app.subjects,
        request.params.burstId,
        request.user.sub,
        request.body.reason,
        at,
      );
      await runtime.publisher.publish(outbox);
      return reply
        .code(201)
        .send({ burstId: request.params.burstId, action: 'retracted', by: request.user.sub, at: at.toISOString() });
    },
  );

  r.post(
    '/v1/bursts/:burstId/confirmation',
    {
      ...guard,
      schema: {
        tags: ['burst advocates'],
        summary: 'Confirm a burst as a GRB',
        security,
        params,
        body: ConfirmBody,
        response: { 201: Done, ...problems(400, 401, 403), ...unknownBurst, ...problemsWith(409, alreadyRetracted) },
      },
    },
    async (request, reply) => {
      const at = new Date();
      await runtime.publisher.publish(
        await confirmBurst(
          runtime.db,
          app.subjects,
          request.params.burstId,
          request.user.sub,
          request.body.comment,
          at,
        ),
      );
      return reply
        .code(201)
        .send({ burstId: request.params.burstId, action: 'confirmed', by: request.user.sub, at: at.toISOString() });
    },
  );

  r.post(
    '/v1/bursts/:burstId/comments',
    {
      ...guard,
      schema: {
        tags: ['burst advocates'],
        summary: 'Comment on a burst',
        security,
        params,
        body: CommentBody,
        response: { 201: Done, ...problems(400, 401, 403), ...unknownBurst },
      },
    },
    async (request, reply) => {
      const at = new Date();
      await runtime.publisher.publish(
        await commentBurst(runtime.db, app.subjects, request.params.burstId, request.user.sub, request.body.text, at),
      );
      return reply
        .code(201)
        .send({ burstId: request.params.burstId, action: 'comment', by: request.user.sub, at: at.toISOString() });
    },
  );
}
