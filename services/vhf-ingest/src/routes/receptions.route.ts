import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sendProblem } from '@svom/service-kit';
import { MAX_RECEPTIONS_PER_REQUEST, ReceptionsBody, ReceptionsReply } from '../schemas/reception.schema.js';
import { kitProblem, problems, problemsWith, problemWith } from '../schemas/common.schema.js';
import { IngestErrors } from '../errors.js';
import type { IngestRuntime, IngestSettings } from '../ingest/runtime.js';

/** `POST /v1/receptions`: frames in from the stations (ICD-VHF 1). */
export async function receptionsRoute(
  app: FastifyInstance,
  runtime: IngestRuntime,
  settings: IngestSettings,
): Promise<void> {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/v1/receptions',
    {
      bodyLimit: 4 * 1024 * 1024,
      // Per station, not per address (many stations may share a relay's address) nor per raw
      // header (random tokens each got a fresh bucket): the limiter runs after onRequest has
      // authenticated the station, so only known stations reach it.
      config: {
        // The hot route (every station, several times a second): successes logged 1 in REQUEST_LOG_SAMPLE.
        requestLog: 'sampled',
        rateLimit: {
          max: settings.RECEPTION_REQUESTS_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: (request: { stationId?: string; ip?: string }) =>
            request.stationId ? `station:${request.stationId}` : `ip:${request.ip ?? 'local'}`,
        },
      },
      // The token is checked before the body is even parsed: strangers cost us nothing.
      onRequest: (request) => runtime.stationAuth.authenticate(request),
      // Counted before validation so an oversized batch is a 413, not a wall of item errors.
      preValidation: async (request, reply) => {
        const receptions = (request.body as { receptions?: unknown })?.receptions;
        if (Array.isArray(receptions) && receptions.length > MAX_RECEPTIONS_PER_REQUEST) {
          return sendProblem(reply, {
            status: 413,
            code: 'VHF_BATCH_TOO_LARGE',
            detail: `${receptions.length} receptions; at most ${MAX_RECEPTIONS_PER_REQUEST} a request`,
            field: '/body/receptions',
            instance: request.url,
          });
        }
      },
      schema: {
        tags: ['receptions'],
        summary: 'Relay frames received by a station',
        description:
          'ICD-VHF v1 section 1. A 200 means every reception is durably recorded (rejected ones with their bytes and reason) and every new packet is in the outbox that puts it on JetStream (at once, or as soon as NATS is back); the answer does not wait for JetStream. Sending the same request again is safe: each reception is stored once (identified by stationId, receivedAt and frame bytes), and one recorded before is answered with the outcome it got then, marked alreadyRecorded.',
        security: [{ stationToken: [] }],
        body: ReceptionsBody,
        response: {
          200: ReceptionsReply,
          ...problems(400),
          // The station token (StationAuth, at onRequest): a station answers no JWT.
          ...problemsWith(
            401,
            { code: 'VHF_MISSING_TOKEN', detail: 'a station bearer token is required (Authorization: Bearer <token>)' },
            { code: 'VHF_BAD_TOKEN', detail: 'this station token is not known' },
          ),
          ...problemWith(403, 'VHF_FOREIGN_STATION', 'reception 3 claims station DAR1, but the token belongs to CBR1', {
            field: '/body/receptions/3/stationId',
          }),
          ...problemsWith(
            413,
            {
              code: 'VHF_BATCH_TOO_LARGE',
              detail: `${MAX_RECEPTIONS_PER_REQUEST + 1} receptions; at most ${MAX_RECEPTIONS_PER_REQUEST} a request`,
              field: '/body/receptions',
            },
            kitProblem(413),
          ),
          ...problemWith(
            503,
            'VHF_NOT_DURABLE',
            'the receptions could not be recorded durably (database unreachable); nothing was stored, retry',
          ),
        },
      },
    },
    async (request) => {
      const { receptions } = request.body;
      receptions.forEach((r, i) => {
        if (r.stationId !== request.stationId) {
          throw Object.assign(new IngestErrors.ForeignStation(String(i), r.stationId, request.stationId), {
            field: `/body/receptions/${i}/stationId`,
          });
        }
      });
      let results;
      try {
        results = await runtime.batcher.submit(receptions);
      } catch (error) {
        request.log.error({ err: error }, 'receptions not recorded');
        throw new IngestErrors.NotDurable(isConnectionError(error) ? 'database unreachable' : 'database error');
      }
      runtime.metrics.countResults(results);
      runtime.stationHeard(request.stationId!);
      return { results };
    },
  );
}

function isConnectionError(error: unknown): boolean {
  const code = String((error as { code?: string })?.code ?? '');
  return (
    /^(08|57P|53)/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    /terminat|connect/i.test(String((error as Error)?.message))
  );
}
