import { randomBytes } from 'node:crypto';
import type { FollowupReportMessage, Subjects } from '@svom/contracts';
import type { Static } from 'typebox';
import type { Kysely } from 'kysely';
import type { FollowupTables } from '../db/tables.js';
import { FollowupErrors, withField } from '../errors.js';
import type { OutboxRow } from '@svom/service-kit';
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
    const burst = await trx
      .selectFrom('followup.bursts')
      .selectAll()
      .where('burst_id', '=', body.burstId)
      .executeTakeFirst();
    if (!burst) throw withField(new FollowupErrors.UnknownBurst(body.burstId), '/body/burstId');
    if (body.requestId) {
      const request = await trx
        .selectFrom('followup.requests')
        .select(['id', 'burst_id', 'facility_id'])
        .where('id', '=', body.requestId)
        .executeTakeFirst();
      if (!request) throw withField(new FollowupErrors.UnknownRequest(body.requestId), '/body/requestId');
      if (request.burst_id !== body.burstId)
        throw withField(
          new FollowupErrors.RequestOfOtherBurst(request.id, request.burst_id, body.burstId),
          '/body/requestId',
        );
      if (request.facility_id !== facilityId)
        throw withField(
          new FollowupErrors.ForeignRequest(request.id, request.facility_id, facilityId),
          '/body/requestId',
        );
    }
    const region =
      burst.ra_deg !== null && burst.dec_deg !== null && burst.position_ivorn
        ? {
            raDeg: burst.ra_deg,
            decDeg: burst.dec_deg,
            errorRadiusDeg: burst.error_radius_deg,
            ivorn: burst.position_ivorn,
          }
        : null;
    const matched = candidates.map((c) => ({ ...c, ...matchCandidate(c, region) }));
    const reportId = `rep-${randomBytes(8).toString('hex')}`;
    const receivedAt = new Date();
    await trx
      .insertInto('followup.reports')
      .values({
        id: reportId,
        burst_id: body.burstId,
        request_id: body.requestId ?? null,
        facility_id: facilityId,
        observations: JSON.stringify(observations),
        redshifts: JSON.stringify(redshifts),
        received_at: receivedAt,
      })
      .execute();
    if (matched.length) {
      await trx
        .insertInto('followup.candidates')
        .values(
          matched.map((c) => ({
            report_id: reportId,
            burst_id: body.burstId,
            facility_id: facilityId,
            ra_deg: c.raDeg,
            dec_deg: c.decDeg,
            error_radius_deg: c.errorRadiusDeg,
            magnitude: c.magnitude,
            magnitude_error: c.magnitudeError,
            filter: c.filter ?? null,
            observed_at: c.time,
            separation_deg: c.separationDeg,
            region_radius_deg: c.regionRadiusDeg,
            region_ivorn: c.regionIvorn,
            within_error_region: c.withinErrorRegion,
          })),
        )
        .execute();
    }
    const message: FollowupReportMessage = {
      reportId,
      burstId: body.burstId,
      requestId: body.requestId ?? null,
      facilityId,
      observations,
      candidates: matched,
      redshifts,
      receivedAt: receivedAt.toISOString(),
    };
    const outbox = { subject: subjects.followup.report(facilityId), msgId: reportId, payload: JSON.stringify(message) };
    const { id } = await trx
      .insertInto('followup.outbox')
      .values({ subject: outbox.subject, msg_id: outbox.msgId, payload: outbox.payload })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { message, outbox: { id: Number(id), ...outbox } };
  });
}

/** The reports of a burst as published, oldest first (the timeline). */
export async function reportsOfBurst(db: Kysely<FollowupTables>, burstId: string): Promise<FollowupReportMessage[]> {
  const reports = await db
    .selectFrom('followup.reports')
    .selectAll()
    .where('burst_id', '=', burstId)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  const candidates = await db
    .selectFrom('followup.candidates')
    .selectAll()
    .where('burst_id', '=', burstId)
    .orderBy('id')
    .execute();
  return reports.map((r) => ({
    reportId: r.id,
    burstId: r.burst_id,
    requestId: r.request_id,
    facilityId: r.facility_id,
    observations: r.observations as FollowupReportMessage['observations'],
    candidates: candidates
      .filter((c) => c.report_id === r.id)
      .map((c) => ({
        raDeg: c.ra_deg,
        decDeg: c.dec_deg,
        errorRadiusDeg: c.error_radius_deg,
        magnitude: c.magnitude,
        magnitudeError: c.magnitude_error,
        ...(c.filter !== null ? { filter: c.filter } : {}),
        time: new Date(c.observed_at).toISOString(),
        separationDeg: c.separation_deg,
        regionRadiusDeg: c.region_radius_deg,
        regionIvorn: c.region_ivorn,
        withinErrorRegion: c.within_error_region,
      })),
    redshifts: r.redshifts as FollowupReportMessage['redshifts'],
    receivedAt: new Date(r.received_at).toISOString(),
  }));
}
