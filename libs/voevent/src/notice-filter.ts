import { angularSeparationDeg } from '@svom/astro';
import type { NoticeSummary } from './notice-summary.js';

export interface SkyRegion {
  raDeg: number;
  decDeg: number;
  radiusDeg: number;
}

/** Criteria on a notice, all of which it must meet; the same for `svom listen` and VTP subscribers. */
export interface NoticeFilter {
  /** Notice names or prefixes (`mxt` matches `mxt-initial_qf3`), or Packet_Type numbers. */
  types?: string[] | undefined;
  instruments?: string[] | undefined;
  minSnr?: number | undefined;
  region?: SkyRegion | undefined;
}

/**
 * Whether a notice passes every filter given. A notice that lacks what a filter looks at (no
 * SNR, no position) does not pass it: asking for SNR ≥ 8 means "show me only what is that sure".
 */
export function matchesFilter(notice: NoticeSummary, filter: NoticeFilter): boolean {
  if (filter.types?.length) {
    const type = notice.type?.toLowerCase() ?? '';
    const ok = filter.types.some((t) =>
      /^\d+$/.test(t) ? notice.packetType === Number(t) : type.startsWith(t.toLowerCase()),
    );
    if (!ok) return false;
  }
  if (filter.instruments?.length) {
    const instrument = notice.instrument?.toLowerCase();
    if (!instrument || !filter.instruments.some((i) => i.toLowerCase() === instrument)) return false;
  }
  if (filter.minSnr !== undefined && !(notice.snr !== undefined && notice.snr >= filter.minSnr)) return false;
  if (filter.region) {
    if (notice.raDeg === undefined || notice.decDeg === undefined) return false;
    if (
      angularSeparationDeg(notice.raDeg, notice.decDeg, filter.region.raDeg, filter.region.decDeg) >
      filter.region.radiusDeg
    )
      return false;
  }
  return true;
}
