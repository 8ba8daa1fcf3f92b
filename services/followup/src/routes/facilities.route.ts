import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newClientToken, perMinute, RATE_LIMITS } from '@svom/service-kit';
import { FollowupErrors, withField } from '../errors.js';
import { FACILITY_TOKEN_PREFIX } from '../facilities/actor-auth.js';
import {
  getFacility,
  insertFacility,
  listFacilities,
  setFacilityToken,
  updateFacility,
} from '../db/facility.repository.js';
import { problems, problemWith } from '../schemas/common.schema.js';
import { unknownFacility } from '../schemas/problems.schema.js';
import {
  FacilityCredentials,
  FacilityIdParam,
  FacilityList,
  FacilitySchema,
  FacilityUpdate,
  NewFacility,
} from '../schemas/facility.schema.js';
import type { FollowupRuntime } from '../runtime.js';

/** The facilities registry: public reading (tokens never shown), operators register and edit. */
export async function facilitiesRoute(app: FastifyInstance, runtime: FollowupRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const write = perMinute(RATE_LIMITS.admin);

  r.get(
    '/v1/facilities',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Every facility with its site and limits',
        response: { 200: FacilityList },
      },
    },
    async () => ({
      facilities: await listFacilities(runtime.db),
    }),
  );

  r.get(
    '/v1/facilities/:id',
    {
      schema: {
        tags: ['facilities'],
        summary: 'One facility',
        params: FacilityIdParam,
        response: { 200: FacilitySchema, ...problems(400), ...unknownFacility },
      },
    },
    async (request) => {
      const facility = await getFacility(runtime.db, request.params.id);
      if (!facility) throw new FollowupErrors.UnknownFacility(request.params.id);
      return facility;
    },
  );

  r.post(
    '/v1/facilities',
    {
      config: write,
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['facilities'],
        summary: 'Register a facility; its token is answered once',
        security: [{ personJwt: [] }],
        body: NewFacility,
        response: {
          201: FacilityCredentials,
          ...problems(400, 401, 403),
          ...problemWith(
            409,
            'FOLLOWUP_FACILITY_EXISTS',
            'facility TAROT-R is already registered; POST /v1/facilities/TAROT-R/token to issue its token',
            { field: '/body/id' },
          ),
        },
      },
    },
    async (request, reply) => {
      const token = newClientToken(FACILITY_TOKEN_PREFIX);
      if (!(await insertFacility(runtime.db, request.body, token)))
        throw withField(new FollowupErrors.FacilityExists(request.body.id, request.body.id), '/body/id');
      request.log.info({ facilityId: request.body.id, by: request.user.sub }, 'facility registered');
      return reply.code(201).send({ facilityId: request.body.id, token });
    },
  );

  r.put(
    '/v1/facilities/:id',
    {
      config: write,
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['facilities'],
        summary: "Replace a facility's site, limits and contact",
        security: [{ personJwt: [] }],
        params: FacilityIdParam,
        body: FacilityUpdate,
        response: { 200: FacilitySchema, ...problems(400, 401, 403), ...unknownFacility },
      },
    },
    async (request) => {
      if (!(await updateFacility(runtime.db, { id: request.params.id, ...request.body })))
        throw new FollowupErrors.UnknownFacility(request.params.id);
      request.log.info({ facilityId: request.params.id, by: request.user.sub }, 'facility updated');
      return (await getFacility(runtime.db, request.params.id))!;
    },
  );

  r.post(
    '/v1/facilities/:id/token',
    {
      config: write,
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['facilities'],
        summary: "Issue or replace a facility's token (the old one stops working)",
        security: [{ personJwt: [] }],
        params: FacilityIdParam,
        response: { 200: FacilityCredentials, ...problems(400, 401, 403), ...unknownFacility },
      },
    },
    async (request) => {
      const token = newClientToken(FACILITY_TOKEN_PREFIX);
      if (!(await setFacilityToken(runtime.db, request.params.id, token)))
        throw new FollowupErrors.UnknownFacility(request.params.id);
      request.log.info({ facilityId: request.params.id, by: request.user.sub }, 'facility token issued');
      return { facilityId: request.params.id, token };
    },
  );
}
