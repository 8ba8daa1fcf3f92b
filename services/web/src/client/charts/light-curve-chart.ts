import { s } from '../dom.js';
import { lightCurveSeries, stepPoints } from '../plot/light-curve.js';
import { linear, niceDomain, ticks } from '../plot/scale.js';
import type { LightCurve } from '../types.js';

const W = 560;
const H = 260;
const M = { top: 14, right: 14, bottom: 36, left: 56 };

/** Count rate against time from T0, one step line per band (and their sum), T0 marked. */
export function lightCurveChart(lc: LightCurve, t0: string): SVGSVGElement {
  const plot = lightCurveSeries(lc, t0);
  const xd = plot.xDomain;
  const yd = niceDomain(0, plot.yDomain[1], 4);
  const x = linear(xd, [M.left, W - M.right]);
  const y = linear(yd, [H - M.bottom, M.top]);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'chart light-curve',
    role: 'img',
    'aria-labelledby': 'lc-title lc-desc',
  });
  const peak = Math.max(...plot.series[0]!.rates);
  svg.append(
    s('title', { id: 'lc-title' }, 'Light curve'),
    s(
      'desc',
      { id: 'lc-desc' },
      `${lc.bins} bins of ${lc.binMs} ms in ${lc.bands} band(s), from ${xd[0].toFixed(1)} s to ${xd[1].toFixed(1)} s after T0; peak ${Math.round(peak)} counts/s.`,
    ),
  );
  const grid = s('g', { class: 'grid' });
  for (const t of ticks(yd[0], yd[1], 4))
    grid.append(
      s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }),
      s('text', { x: M.left - 6, y: y(t) + 4, class: 'tick', 'text-anchor': 'end' }, t),
    );
  for (const t of ticks(xd[0], xd[1], 6))
    grid.append(
      s('line', { x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom }),
      s('text', { x: x(t), y: H - M.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, t),
    );
  svg.append(grid);
  svg.append(
    s(
      'text',
      { x: (M.left + W - M.right) / 2, y: H - 4, class: 'axis-label', 'text-anchor': 'middle' },
      'time from T0 (s)',
    ),
    s(
      'text',
      {
        x: 12,
        y: (M.top + H - M.bottom) / 2,
        class: 'axis-label',
        'text-anchor': 'middle',
        transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})`,
      },
      'counts / s',
    ),
  );
  plot.series.forEach((series, i) => {
    const pts = stepPoints(series, x, y);
    svg.append(
      s(
        'path',
        {
          class: `series series-${i}`,
          d: pts.map(([px, py], j) => `${j ? 'L' : 'M'}${px.toFixed(1)} ${py.toFixed(1)}`).join(''),
        },
        s('title', {}, series.label),
      ),
    );
  });
  if (xd[0] <= 0 && xd[1] >= 0)
    svg.append(
      s('line', { class: 't0', x1: x(0), x2: x(0), y1: M.top, y2: H - M.bottom }),
      s('text', { x: x(0) + 4, y: M.top + 12, class: 'marker-label' }, 'T0'),
    );
  const legend = s('g', { class: 'legend' });
  plot.series.forEach((series, i) =>
    legend.append(
      s('line', {
        x1: W - M.right - 110,
        x2: W - M.right - 94,
        y1: M.top + 10 + i * 14,
        y2: M.top + 10 + i * 14,
        class: `series series-${i}`,
      }),
      s('text', { x: W - M.right - 90, y: M.top + 14 + i * 14, class: 'tick' }, series.label),
    ),
  );
  svg.append(legend);
  return svg;
}
