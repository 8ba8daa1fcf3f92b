import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findBurst, findBursts, timelineOf } from '../db/burst.repository.js';
import { noticesOfBurst } from '../db/notice.repository.js';
import { AlertsErrors } from '../errors.js';
import type { AlertsRuntime } from '../runtime.js';
import { BurstDetail, BurstFilter, BurstId, BurstPage } from '../schemas/burst.schema.js';
import { cursorKey, cursorProblems, nextCursor, problems, problemWith } from '../schemas/common.schema.js';
import { burstSummary, noticeSummary } from './burst-view.js';

/** Reading bursts: a filtered, paginated list and one burst with everything known of it. */
export async function burstsRoute(app: FastifyInstance, runtime: AlertsRuntime): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/v1/bursts',
    {
      schema: {
        tags: ['bursts'],
        summary: 'Bursts, newest T0 first',
        querystring: BurstFilter,
        response: {
          200: BurstPage,
          ...cursorProblems('ALERTS_BAD_CURSOR'),
        },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      const key = cursorKey(cursor, ['timestamp', 'string'] as const, AlertsErrors.BadCursor);
      const rows = await findBursts(runtime.db, { ...filter, after: key && { t0: key[0], burstId: key[1] } });
      return {
        bursts: rows.map(burstSummary),
        nextCursor: nextCursor(rows, filter.limit, (last) => [new Date(last.t0).toISOString(), last.burst_id]),
      };
    },
  );

  r.get(
    '/v1/bursts/:burstId',
    {
      schema: {
        tags: ['bursts'],
        summary: 'A burst: notices, best position, light curve, timeline',
        params: Type.Object({ burstId: BurstId }),
        response: {
          200: BurstDetail,
          ...problems(400),
          ...problemWith(404, 'ALERTS_UNKNOWN_BURST', 'no burst sb26031499'),
        },
      },
    },
    async (request) => {
      const row = await findBurst(runtime.db, request.params.burstId);
      if (!row) throw new AlertsErrors.UnknownBurst(request.params.burstId);
      const [notices, timeline] = await Promise.all([
        noticesOfBurst(runtime.db, row.burst_id),
        timelineOf(runtime.db, row.burst_id),
      ]);
      const lc = row.light_curve as {
        start: string;
        binMs: number;
        bins: number;
        bands: number;
        counts: number[][];
      } | null;
      return {
        ...burstSummary(row),
        notices: notices.map(noticeSummary),
        lightCurve: lc ? { start: lc.start, binMs: lc.binMs, bins: lc.bins, bands: lc.bands, counts: lc.counts } : null,
        timeline,
      };
    },
  );
}
