import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Nullable, problems } from '@svom/service-kit';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listAlarms } from '../db/alarm.repository.js';
import type { NotifyRuntime } from '../runtime.js';

const AlarmSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String({ description: 'what it is about: station:<id>, lag:<stream>/<consumer>, ready:<service>, ...' }),
  kind: Type.String({
    description: 'station-silent, dead-letter, consumer-lag, service-not-ready or outbox-stale',
  }),
  summary: Type.String(),
  details: Type.Unknown(),
  openedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  closeSummary: Nullable(Type.String()),
});

/** A station that fell silent and was heard again (the watchdog's and the station consumer's words). */
const alarmsExample = {
  alarms: [
    {
      id: 318,
      key: 'station:NCL1',
      kind: 'station-silent',
      summary: 'station NCL1 (Nouméa) silent since 2026-02-11T19:24:33.105Z',
      details: { stationId: 'NCL1', lastHeardAt: '2026-02-11T19:24:33.105Z', at: '2026-02-11T19:30:00.000Z' },
      openedAt: '2026-02-11T19:30:00.412Z',
      closedAt: '2026-02-11T20:02:17.930Z',
      closeSummary: 'station NCL1 (Nouméa) heard again at 2026-02-11T20:01:58.244Z',
    },
  ],
};

/** Operator alarms, newest first: each opened once and closed once. */
export async function alarmsRoute(app: FastifyInstance, runtime: NotifyRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/v1/alarms',
    {
      onRequest: app.requireRole('operator'),
      schema: {
        tags: ['alarms'],
        summary: 'Operator alarms (station silent, dead letters, consumer lag, service not ready, stale outbox)',
        security: [{ personJwt: [] }],
        querystring: Type.Object({
          open: Type.Optional(Type.Boolean({ description: 'true: open only; false: closed only' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: {
          200: Type.Object({ alarms: Type.Array(AlarmSchema) }, { title: 'AlarmList', examples: [alarmsExample] }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => ({
      alarms: await listAlarms(runtime.db, { open: request.query.open, limit: request.query.limit ?? 100 }),
    }),
  );
}
