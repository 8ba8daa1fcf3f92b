import type { Colors } from '../common/colors.js';
import type { NoticeSummary } from '@svom/voevent';

/**
 * One readable line a notice:
 * `2026-02-25 08:50:57.169  sb26022501  eclairs-wakeup    ECLAIRs  RA 204.6748  Dec +44.6546  ± 8.5′  SNR 8.31`
 * Errors read in the unit an astronomer would say: degrees, arcminutes or arcseconds.
 */
export function noticeLine(n: NoticeSummary, c: Colors): string {
  const time = n.time ? n.time.replace('T', ' ').replace(/(\+00:00|Z)$/, '') : '-';
  const position =
    n.raDeg !== undefined && n.decDeg !== undefined
      ? `RA ${n.raDeg.toFixed(4).padStart(8)}  Dec ${signed(n.decDeg)}  ${n.errorDeg !== undefined ? `± ${formatError(n.errorDeg)}` : '± ?'}`
      : 'no position';
  const snr = n.snr !== undefined ? `SNR ${n.snr.toFixed(2)}` : '';
  return [
    c.dim(time.padEnd(23)),
    c.bold((n.burstId ?? '-').padEnd(10)),
    c.cyan((n.type ?? '-').padEnd(17)),
    (n.instrument ?? '-').padEnd(7),
    position,
    c.yellow(snr),
  ]
    .join('  ')
    .trimEnd();
}

export function formatError(errorDeg: number): string {
  if (errorDeg >= 1) return `${errorDeg.toFixed(2)}°`;
  if (errorDeg * 60 >= 1) return `${(errorDeg * 60).toFixed(1)}′`;
  return `${(errorDeg * 3600).toFixed(1)}″`;
}

function signed(decDeg: number): string {
  return `${decDeg < 0 ? '-' : '+'}${Math.abs(decDeg).toFixed(4).padStart(7, '0')}`;
}
