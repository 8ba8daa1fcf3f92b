import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FollowupErrors } from '../errors.js';
import { authenticateActor } from '../facilities/actor-auth.js';
import { recordReport } from '../reports/report.service.js';
import { kitProblem, problemsWith } from '../schemas/common.schema.js';
import {
  badToken,
  facilityOnly,
  foreignRequest,
  missingToken,
  notDurable,
  unknownBurst,
  unknownRequest,
} from '../schemas/problems.schema.js';
import { NewReport, ReportSchema } from '../schemas/report.schema.js';
import type { FollowupRuntime } from '../runtime.js';
import { perMinute, RATE_LIMITS } from '@svom/service-kit';

/** Reports: a facility (its token only) tells what it observed, found and measured. */
export async function reportsRoute(app: FastifyInstance, runtime: FollowupRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/v1/reports',
    {
      config: perMinute(RATE_LIMITS.facility),
      preHandler: authenticateActor(app, () => runtime.db),
      schema: {
        tags: ['reports'],
        summary: 'Post observations, afterglow candidates (matched against the error region) and redshifts',
        security: [{ facilityToken: [] }],
        body: NewReport,
        response: {
          201: ReportSchema,
          ...problemsWith(
            400,
            kitProblem(400),
            {
              code: 'FOLLOWUP_EMPTY_REPORT',
              detail: 'a report needs at least one observation, candidate or redshift',
              field: '/body',
            },
            {
              code: 'FOLLOWUP_REQUEST_OF_OTHER_BURST',
              detail: 'request sb26011501-GWAC is for burst sb26011501, not sb26031401',
              field: '/body/requestId',
            },
          ),
          ...problemsWith(401, missingToken('(none: facilities only)'), badToken),
          ...problemsWith(403, facilityOnly, foreignRequest),
          ...problemsWith(404, unknownBurst, unknownRequest),
          ...notDurable,
        },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      if (actor.kind !== 'facility') throw new FollowupErrors.FacilityOnly();
      const { message, outbox } = await recordReport(runtime.db, runtime.subjects, actor.facilityId, request.body);
      await runtime.publish([outbox]);
      request.log.info(
        { reportId: message.reportId, burstId: message.burstId, facilityId: actor.facilityId },
        'report recorded',
      );
      return reply.code(201).send(message);
    },
  );
}
