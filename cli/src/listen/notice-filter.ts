import { InvalidArgumentError } from 'commander';
import type { NoticeSummary } from './notice-summary.js';

export interface SkyRegion {
  raDeg: number;
  decDeg: number;
  radiusDeg: number;
}

export interface NoticeFilter {
  /** Notice names or prefixes (`mxt` matches `mxt-initial_qf3`), or Packet_Type numbers. */
  types?: string[] | undefined;
  instruments?: string[] | undefined;
  minSnr?: number | undefined;
  region?: SkyRegion | undefined;
}

/** `--region ra,dec,radius` in degrees. */
export function parseRegion(text: string): SkyRegion {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const [raDeg, decDeg, radiusDeg] = parts;
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p)) || raDeg! < 0 || raDeg! >= 360 || Math.abs(decDeg!) > 90 || radiusDeg! <= 0 || radiusDeg! > 180) {
    throw new InvalidArgumentError('expected ra,dec,radius in degrees (0 ≤ ra < 360, -90 ≤ dec ≤ 90, 0 < radius ≤ 180), e.g. 204.6,44.6,5');
  }
  return { raDeg: raDeg!, decDeg: decDeg!, radiusDeg: radiusDeg! };
}

/**
 * Whether a notice passes every filter given. A notice that lacks what a filter looks at (no
 * SNR, no position) does not pass it: asking for SNR ≥ 8 means "show me only what is that sure".
 */
export function matchesFilter(notice: NoticeSummary, filter: NoticeFilter): boolean {
  if (filter.types?.length) {
    const type = notice.type?.toLowerCase() ?? '';
    const ok = filter.types.some((t) => (/^\d+$/.test(t) ? notice.packetType === Number(t) : type.startsWith(t.toLowerCase())));
    if (!ok) return false;
  }
  if (filter.instruments?.length) {
    const instrument = notice.instrument?.toLowerCase();
    if (!instrument || !filter.instruments.some((i) => i.toLowerCase() === instrument)) return false;
  }
  if (filter.minSnr !== undefined && !(notice.snr !== undefined && notice.snr >= filter.minSnr)) return false;
  if (filter.region) {
    if (notice.raDeg === undefined || notice.decDeg === undefined) return false;
    if (angularSeparationDeg(notice.raDeg, notice.decDeg, filter.region.raDeg, filter.region.decDeg) > filter.region.radiusDeg) return false;
  }
  return true;
}

/** Great-circle distance (Vincenty form: exact at small and antipodal separations alike). */
export function angularSeparationDeg(ra1Deg: number, dec1Deg: number, ra2Deg: number, dec2Deg: number): number {
  const r = Math.PI / 180;
  const dRa = (ra2Deg - ra1Deg) * r;
  const [d1, d2] = [dec1Deg * r, dec2Deg * r];
  const y = Math.hypot(Math.cos(d2) * Math.sin(dRa), Math.cos(d1) * Math.sin(d2) - Math.sin(d1) * Math.cos(d2) * Math.cos(dRa));
  const x = Math.sin(d1) * Math.sin(d2) + Math.cos(d1) * Math.cos(d2) * Math.cos(dRa);
  return Math.atan2(y, x) / r;
}
