import type { Colors } from '../common/colors.js';
import { renderTable, utcTime as time } from '../common/table.js';
import { formatError } from '../listen/notice-line.js';
import type { BurstDetail, BurstSummary } from './bursts-api.js';

export function burstsTable(bursts: BurstSummary[], c: Colors): string {
  if (bursts.length === 0) return 'no burst';
  const rows = bursts.map((b) => [
    b.burstId,
    time(b.t0),
    b.status,
    b.instruments.join(','),
    b.position ? b.position.raDeg.toFixed(4) : null,
    b.position ? b.position.decDeg.toFixed(4) : null,
    b.position ? formatError(b.position.errorRadiusDeg) : null,
    b.position?.instrument,
  ]);
  return renderTable(['BURST', 'T0 (UTC)', 'STATUS', 'INSTRUMENTS', 'RA', 'DEC', 'ERROR', 'FROM'], rows, {
    header: c.bold,
  });
}

/** One burst: what is known, its notices in issue order, and what people did. */
export function burstReport(b: BurstDetail, c: Colors): string {
  const position = b.position
    ? `RA ${b.position.raDeg.toFixed(4)}  Dec ${b.position.decDeg.toFixed(4)}  ± ${formatError(b.position.errorRadiusDeg)}  (${b.position.instrument})`
    : 'none yet';
  const lines = [
    `${c.bold(b.burstId)}  ${b.status === 'retracted' ? c.red(b.status) : b.status === 'confirmed' ? c.green(b.status) : b.status}`,
    `T0           ${time(b.t0)}`,
    `instruments  ${b.instruments.join(', ') || '-'}`,
    `position     ${position}`,
    `light curve  ${b.lightCurve ? `${b.lightCurve.bins} bins of ${b.lightCurve.binMs} ms, ${b.lightCurve.bands} bands, from ${time(b.lightCurve.start)}` : 'none yet'}`,
    '',
    c.bold(`notices (${b.notices.length})`),
    b.notices.length
      ? renderTable(
          ['ISSUED (UTC)', 'NAME', 'TYPE', 'SER', 'ID'],
          b.notices.map((n) => [time(n.issuedAt), n.name, n.packetType, n.serialNumber, n.id]),
        )
      : '  none',
  ];
  if (b.timeline.length) {
    lines.push(
      '',
      c.bold('timeline'),
      renderTable(
        ['AT (UTC)', 'BY', 'ACTION', 'DETAIL'],
        b.timeline.map((t) => [
          time(t.at),
          t.actor,
          t.action,
          Object.keys(t.detail).length ? JSON.stringify(t.detail) : '',
        ]),
      ),
    );
  }
  return lines.join('\n');
}
