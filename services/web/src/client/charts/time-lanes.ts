import { s } from '../dom.js';
import { linear, timeTicks } from '../plot/scale.js';

export interface LaneItem {
  lane: string;
  startMs: number;
  endMs: number;
  label: string;
  tone: string;
}

const W = 900;
const LANE_H = 26;
const M = { top: 8, right: 12, bottom: 28, left: 96 };

function tickLabel(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 2 * 86_400_000
    ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
    : iso.slice(11, spanMs > 600_000 ? 16 : 19);
}

/** Items on horizontal lanes over a time span (UTC axis), with a "now" line when it falls inside. */
export function timeLanes(
  lanes: string[],
  items: LaneItem[],
  span: [number, number],
  title: string,
  nowMs = Date.now(),
): SVGSVGElement {
  const H = M.top + lanes.length * LANE_H + M.bottom;
  const x = linear(span, [M.left, W - M.right]);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart time-lanes', role: 'img', 'aria-label': title });
  const grid = s('g', { class: 'grid' });
  for (const t of timeTicks(span[0], span[1], 8))
    grid.append(
      s('line', { x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom }),
      s(
        'text',
        { x: x(t), y: H - M.bottom + 16, class: 'tick', 'text-anchor': 'middle' },
        tickLabel(t, span[1] - span[0]),
      ),
    );
  svg.append(grid);
  lanes.forEach((lane, i) =>
    svg.append(
      s(
        'text',
        { x: M.left - 8, y: M.top + i * LANE_H + LANE_H / 2 + 4, class: 'lane-label', 'text-anchor': 'end' },
        lane,
      ),
    ),
  );
  for (const item of items) {
    const i = lanes.indexOf(item.lane);
    if (i < 0 || item.endMs < span[0] || item.startMs > span[1]) continue;
    const x0 = x(Math.max(item.startMs, span[0]));
    const x1 = x(Math.min(item.endMs, span[1]));
    svg.append(
      s(
        'rect',
        {
          x: x0,
          y: M.top + i * LANE_H + 4,
          width: Math.max(1.5, x1 - x0),
          height: LANE_H - 8,
          rx: 2,
          class: `item ${item.tone}`,
        },
        s('title', {}, item.label),
      ),
    );
  }
  if (nowMs >= span[0] && nowMs <= span[1])
    svg.append(
      s('line', { x1: x(nowMs), x2: x(nowMs), y1: M.top - 4, y2: H - M.bottom, class: 'now' }),
      s('text', { x: x(nowMs) + 3, y: M.top + 6, class: 'marker-label' }, 'now'),
    );
  return svg;
}
