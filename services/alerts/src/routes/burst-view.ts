import type { BurstRow } from '../db/burst.repository.js';
import type { NoticeRow } from '../db/notice.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** A burst row as the API shows it. */
export function burstSummary(r: BurstRow) {
  return {
    burstId: r.burst_id,
    t0: iso(r.t0),
    status: r.status,
    instruments: r.instruments,
    alertSequenceId: r.alert_sequence_id === null ? null : Number(r.alert_sequence_id),
    position:
      r.ra_deg === null
        ? null
        : {
            raDeg: r.ra_deg,
            decDeg: r.dec_deg!,
            errorRadiusDeg: r.error_radius_deg!,
            instrument: r.position_instrument!,
          },
    version: r.version,
    updatedAt: iso(r.updated_at),
  };
}

export function noticeSummary(r: NoticeRow) {
  return {
    id: r.notice_id,
    ivorn: r.ivorn,
    burstId: r.burst_id,
    name: r.name,
    packetType: r.packet_type,
    serialNumber: r.serial_number,
    issuedAt: iso(r.issued_at),
    seq: Number(r.seq),
  };
}
