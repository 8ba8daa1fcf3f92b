import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listDeadLetters } from './dead-letter.table.js';
import { Nullable, problems } from './http-schemas.js';

/** The one REST shape of dead letters, in every service that consumes. */
export const DeadLettersPage = Type.Object(
  {
    deadLetters: Type.Array(
      Type.Object({
        id: Type.Integer(),
        subject: Type.String(),
        streamSeq: Nullable(Type.Integer()),
        msgId: Nullable(Type.String()),
        deliveries: Type.Integer(),
        code: Type.String({ description: 'stable reason code: NOT_JSON, GAVE_UP, an error code' }),
        reason: Type.String(),
        payload: Type.String({ description: 'the message as received' }),
        at: Type.String({ format: 'date-time', description: 'when it was recorded' }),
      }),
    ),
  },
  {
    title: 'DeadLettersPage',
    examples: [
      {
        deadLetters: [
          {
            id: 7,
            subject: 'svom.alerts.notice.eclairs-wakeup',
            streamSeq: 1042,
            msgId: 'ivo://org.svom/fsc#sb25010101_eclairs-wakeup',
            deliveries: 1,
            code: 'NOT_JSON',
            reason: 'the payload is not JSON',
            payload: '<VOEvent ...',
            at: '2025-01-01T03:15:00.000Z',
          },
        ],
      },
    ],
  },
);

const DeadLettersQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
  // Bounded: a bigger number reached PostgreSQL's bigint as an out-of-range 500 (issue 15).
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'only ids below this one: the next page',
    }),
  ),
});

/**
 * `GET /v1/dead-letters` for operators: the messages a consumer of this service could never
 * handle, newest first, from the kit's dead-letter table `table` (e.g. `alerts.dead_letters`).
 * Mount it as one of `createServiceApp`'s routes.
 */
export function deadLettersRoute(options: { table: string; tag: string; what: string }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.withTypeProvider<TypeBoxTypeProvider>().get(
      '/v1/dead-letters',
      {
        preHandler: app.requireRole('operator'),
        schema: {
          tags: [options.tag],
          summary: `${options.what} that could not be handled, newest first`,
          security: [{ personJwt: [] }],
          querystring: DeadLettersQuery,
          response: { 200: DeadLettersPage, ...problems(400, 401, 403) },
        },
      },
      async (request) => ({
        deadLetters: await listDeadLetters(app.db, options.table, {
          limit: request.query.limit,
          beforeId: request.query.before,
        }),
      }),
    );
  };
}
