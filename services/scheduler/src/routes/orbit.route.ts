import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inSaa, isoToDate, parseTle, satelliteState, TleError, type Tle } from '@svom/astro';
import { insertTle, latestTle } from '../db/tle.repository.js';
import { SchedulerErrors } from '../errors.js';
import { Orbit } from '../orbit/orbit.js';
import { kitProblem, problems, problemsWith } from '../schemas/common.schema.js';
import { NewTle, Position, PositionQuery, TleView } from '../schemas/orbit.schema.js';
import type { SchedulerRuntime } from '../runtime.js';
import { perMinute, RATE_LIMITS } from '@svom/service-kit';

/** The orbit: TLE upload (operators) and the satellite's position at any time (public). */
export async function orbitRoute(app: FastifyInstance, runtime: SchedulerRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/v1/orbit/tle',
    {
      config: perMinute(RATE_LIMITS.expensive),
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['orbit'],
        summary: 'Upload the TLE in use from now on (checksums and ranges checked)',
        security: [{ personJwt: [] }],
        body: NewTle,
        response: {
          201: TleView,
          ...problemsWith(400, kitProblem(400), {
            code: 'GP_BAD_TLE',
            detail: 'TLE_BAD_CHECKSUM: line2 checksum is "7", computed 3',
            field: '/body/line2',
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request, reply) => {
      let tle: Tle;
      try {
        tle = parseTle(request.body.name, request.body.line1, request.body.line2);
      } catch (error) {
        if (!(error instanceof TleError)) throw error;
        // TleError.field is `line2.eccentricity`: point at the body line, name the element in the detail.
        const line = error.field?.split('.')[0];
        throw Object.assign(new SchedulerErrors.BadTle(`${error.code}: ${error.message}`), {
          field: line === 'line1' || line === 'line2' ? `/body/${line}` : '/body',
        });
      }
      const row = await insertTle(
        runtime.db,
        { name: tle.name, line1: tle.line1, line2: tle.line2, epoch: tle.epoch },
        request.user.sub,
      );
      request.log.info({ tle: tle.name, epoch: row.epoch, by: request.user.sub }, 'TLE uploaded');
      return reply.code(201).send(view(tle, row));
    },
  );

  r.get(
    '/v1/orbit/tle',
    {
      schema: {
        tags: ['orbit'],
        summary: 'The TLE in use (the built-in 630 km, 30° orbit until one is uploaded)',
        response: { 200: TleView },
      },
    },
    async () => {
      const row = await latestTle(runtime.db);
      const { tle } = await runtime.orbit.current();
      return view(tle, row);
    },
  );

  r.get(
    '/v1/orbit/position',
    {
      schema: {
        tags: ['orbit'],
        summary: "The satellite's position at t (SGP4): WGS84 and GCRS",
        querystring: PositionQuery,
        response: { 200: Position, ...problems(400) },
      },
    },
    async (request) => {
      const t = isoToDate(request.query.t);
      const { tle } = await runtime.orbit.current();
      const s = satelliteState(tle, t);
      return {
        t: t.toISOString(),
        latitudeDeg: s.latitudeDeg,
        longitudeDeg: s.longitudeDeg,
        altitudeKm: s.altitudeKm,
        gcrsKm: [...s.gcrsKm],
        inSaa: inSaa(s.latitudeDeg, s.longitudeDeg),
        tleName: tle.name,
      };
    },
  );
}

function view(tle: Tle, row: { id: number; uploadedBy: string; uploadedAt: string } | undefined) {
  return {
    id: row?.id ?? null,
    name: tle.name,
    line1: tle.line1,
    line2: tle.line2,
    epoch: tle.epoch.toISOString(),
    inclinationDeg: tle.inclinationDeg,
    periodMin: Orbit.periodS(tle) / 60,
    uploadedBy: row?.uploadedBy ?? null,
    uploadedAt: row?.uploadedAt ?? null,
  };
}
