import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { burstFollowup } from '../bursts/timeline.service.js';
import { FollowupErrors } from '../errors.js';
import { problems } from '../schemas/common.schema.js';
import { BurstFollowup, BurstIdParam } from '../schemas/burst.schema.js';
import type { FollowupRuntime } from '../runtime.js';

const DeadLetters = Type.Object({
  deadLetters: Type.Array(
    Type.Object({
      id: Type.Integer(),
      subject: Type.String(),
      streamSeq: Type.Union([Type.Integer(), Type.Null()]),
      msgId: Type.Union([Type.String(), Type.Null()]),
      deliveries: Type.Integer(),
      reason: Type.String(),
      payload: Type.String(),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

/** A burst's follow-up timeline (public), and the notices that could not be handled (operators). */
export async function burstsRoute(app: FastifyInstance, runtime: FollowupRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/v1/bursts/:burstId/followup',
    {
      schema: {
        tags: ['bursts'],
        summary: "A burst's notices, requests, reasons for no request and reports in one timeline",
        params: BurstIdParam,
        response: { 200: BurstFollowup, ...problems(400, 404) },
      },
    },
    async (request) => {
      const followup = await burstFollowup(runtime.db, request.params.burstId);
      if (!followup) throw new FollowupErrors.UnknownBurst(request.params.burstId);
      return followup;
    },
  );

  r.get(
    '/v1/dead-letters',
    {
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['notices'],
        summary: 'Notices that could not be handled, newest first',
        security: [{ personJwt: [] }],
        response: { 200: DeadLetters, ...problems(401, 403) },
      },
    },
    async () => {
      const rows = await runtime.db
        .selectFrom('followup.dead_letters')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      return {
        deadLetters: rows.map((d) => ({
          id: Number(d.id),
          subject: d.subject,
          streamSeq: d.stream_seq === null ? null : Number(d.stream_seq),
          msgId: d.msg_id,
          deliveries: d.deliveries,
          reason: d.reason,
          payload: d.payload,
          at: new Date(d.at).toISOString(),
        })),
      };
    },
  );
}
