import type { FollowupReportMessage } from '@svom/contracts';
import type { Kysely } from 'kysely';
import type { FollowupTables } from './tables.js';

// Every function takes the database or a transaction (a Transaction is a Kysely).
type Db = Kysely<FollowupTables>;

/** Records a report as it is published, with its candidates (each with its match to the burst). */
export async function insertReport(trx: Db, report: FollowupReportMessage): Promise<void> {
  await trx
    .insertInto('followup.reports')
    .values({
      id: report.reportId,
      burst_id: report.burstId,
      request_id: report.requestId,
      facility_id: report.facilityId,
      observations: JSON.stringify(report.observations),
      redshifts: JSON.stringify(report.redshifts),
      received_at: report.receivedAt,
    })
    .execute();
  if (report.candidates.length === 0) return;
  await trx
    .insertInto('followup.candidates')
    .values(
      report.candidates.map((c) => ({
        report_id: report.reportId,
        burst_id: report.burstId,
        facility_id: report.facilityId,
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

/** The reports of a burst as published, oldest first (the timeline). */
export async function reportsOfBurst(db: Db, burstId: string): Promise<FollowupReportMessage[]> {
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
