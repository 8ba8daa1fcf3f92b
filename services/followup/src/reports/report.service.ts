import { randomBytes } from 'node:crypto';
import type { FollowupReportMessage, Subjects } from '@svom/contracts';
import type { Static } from 'typebox';
import type { Kysely } from 'kysely';
import type { OutboxRow } from '@svom/service-kit';
import { burstPosition, findBurst } from '../db/burst.repository.js';
import { insertOutbox } from '../db/outbox.repository.js';
import { insertReport } from '../db/report.repository.js';
import { getRequest } from '../db/request.repository.js';
import type { FollowupTables } from '../db/tables.js';
import { FollowupErrors, withField } from '../errors.js';
import type { NewReport } from '../schemas/report.schema.js';
import { matchCandidate } from './candidate-match.js';

/**
 * Records a facility's report in one transaction, after every check (unknown burst or request,
 * another facility's request): a refused report stores nothing. Candidates are matched against
 * the burst's position as it stands now.
 */
export async function recordReport(
  db: Kysely<FollowupTables>,
  subjects: Subjects,
  facilityId: string,
  body: Static<typeof NewReport>,
): Promise<{ message: FollowupReportMessage; outbox: OutboxRow }> {
  const observations = body.observations ?? [];
  const candidates = body.candidates ?? [];
  const redshifts = body.redshifts ?? [];
  if (observations.length + candidates.length + redshifts.length === 0)
    throw withField(new FollowupErrors.EmptyReport(), '/body');

  return db.transaction().execute(async (trx) => {
    const burst = await findBurst(trx, body.burstId);
    if (!burst) throw withField(new FollowupErrors.UnknownBurst(body.burstId), '/body/burstId');
    if (body.requestId) {
      const request = await getRequest(trx, body.requestId);
      if (!request) throw withField(new FollowupErrors.UnknownRequest(body.requestId), '/body/requestId');
      if (request.burstId !== body.burstId)
        throw withField(
          new FollowupErrors.RequestOfOtherBurst(request.id, request.burstId, body.burstId),
          '/body/requestId',
        );
      if (request.facilityId !== facilityId)
        throw withField(
          new FollowupErrors.ForeignRequest(request.id, request.facilityId, facilityId),
          '/body/requestId',
        );
    }
    const region = burstPosition(burst);
    const matched = candidates.map((c) => ({ ...c, ...matchCandidate(c, region) }));
    const reportId = `rep-${randomBytes(8).toString('hex')}`;
    const message: FollowupReportMessage = {
      reportId,
      burstId: body.burstId,
      requestId: body.requestId ?? null,
      facilityId,
      observations,
      candidates: matched,
      redshifts,
      receivedAt: new Date().toISOString(),
    };
    await insertReport(trx, message);
    const outbox = await insertOutbox(trx, {
      subject: subjects.followup.report(facilityId),
      msgId: reportId,
      payload: JSON.stringify(message),
    });
    return { message, outbox };
  });
}
