import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newClientToken, perMinute, RATE_LIMITS } from '@svom/service-kit';
import { problems, problemWith } from '../schemas/common.schema.js';
import {
  NewStation,
  StationCredentials,
  StationHealth,
  StationIdParam,
  StationList,
} from '../schemas/station.schema.js';
import { IngestErrors } from '../errors.js';
import { stationWindows } from '../db/station-health.repository.js';
import { stationHealth } from '../stations/station-health.js';
import { getStation, insertStation, listStations, rotateStationToken } from '../db/station.repository.js';
import type { IngestRuntime } from '../ingest/runtime.js';

const unknownStation = problemWith(404, 'VHF_UNKNOWN_STATION', 'station NCL9 is not registered');

/** Stations: registration (operators) and health (public). */
export async function stationsRoute(app: FastifyInstance, runtime: IngestRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const write = perMinute(RATE_LIMITS.admin);

  r.post(
    '/v1/stations',
    {
      config: write,
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['stations'],
        summary: 'Register a station; its token is answered once',
        security: [{ personJwt: [] }],
        body: NewStation,
        response: {
          201: StationCredentials,
          ...problems(400, 401, 403),
          ...problemWith(
            409,
            'VHF_STATION_EXISTS',
            'station NCL1 is already registered; POST /v1/stations/NCL1/token to rotate its token',
          ),
        },
      },
    },
    async (request, reply) => {
      const token = newClientToken('vhf');
      if (!(await insertStation(runtime.db, request.body, token)))
        throw new IngestErrors.StationExists(request.body.id, request.body.id);
      request.log.info({ stationId: request.body.id, by: request.user.sub }, 'station registered');
      return reply.code(201).send({ stationId: request.body.id, token });
    },
  );

  r.post(
    '/v1/stations/:id/token',
    {
      config: write,
      preHandler: app.requireRole('operator'),
      schema: {
        tags: ['stations'],
        summary: "Replace a station's token (the old one stops working)",
        security: [{ personJwt: [] }],
        params: StationIdParam,
        response: { 200: StationCredentials, ...problems(400, 401, 403), ...unknownStation },
      },
    },
    async (request) => {
      const token = newClientToken('vhf');
      if (!(await rotateStationToken(runtime.db, request.params.id, token)))
        throw new IngestErrors.UnknownStation(request.params.id);
      runtime.stationAuth.forget(request.params.id);
      request.log.info({ stationId: request.params.id, by: request.user.sub }, 'station token rotated');
      return { stationId: request.params.id, token };
    },
  );

  r.get(
    '/v1/stations',
    {
      schema: {
        tags: ['stations'],
        summary: 'Every station with its health over the last hour and day',
        response: { 200: StationList },
      },
    },
    async () => {
      const stations = await listStations(runtime.db);
      const windows = await stationWindows(runtime.db);
      return { stations: stations.map((s) => stationHealth(s, windows.get(s.id))) };
    },
  );

  r.get(
    '/v1/stations/:id',
    {
      schema: {
        tags: ['stations'],
        summary: "One station's health",
        params: StationIdParam,
        response: { 200: StationHealth, ...problems(400), ...unknownStation },
      },
    },
    async (request) => {
      const station = await getStation(runtime.db, request.params.id);
      if (!station) throw new IngestErrors.UnknownStation(request.params.id);
      const windows = await stationWindows(runtime.db, [station.id]);
      return stationHealth(station, windows.get(station.id));
    },
  );
}
