import { s } from '../dom.js';
import { decDms, radius, raHms } from '../format.js';
import { circleOnPlane, fieldHalfWidthDeg, gnomonic, type SkyPoint } from '../plot/projection.js';
import { linear, ticks } from '../plot/scale.js';

export interface SkyRegion extends SkyPoint {
  radiusDeg: number;
  label: string;
  /** CSS class of its colour (by instrument). */
  tone: string;
}

export interface SkyMarker extends SkyPoint {
  label: string;
}

const SIZE = 440;
const PAD = 36;

/**
 * The error regions of every notice and the afterglow candidates on the plane tangent at the
 * best position. North up, east left; axes in offset from the centre, in the unit that fits.
 */
export function skyMap(centre: SkyPoint, regions: SkyRegion[], candidates: SkyMarker[]): SVGSVGElement {
  const half = fieldHalfWidthDeg(centre, [...regions, ...candidates.map((c) => ({ ...c, radiusDeg: 0 }))]);
  const unit = half >= 2 ? { k: 1, sym: '°' } : half >= 2 / 60 ? { k: 60, sym: '′' } : { k: 3600, sym: '″' };
  // East left: +ξ maps to smaller x.
  const x = linear([half, -half], [PAD, SIZE - PAD]);
  const y = linear([half, -half], [PAD, SIZE - PAD]);
  const svg = s('svg', {
    viewBox: `0 0 ${SIZE} ${SIZE}`,
    class: 'chart sky-map',
    role: 'img',
    'aria-labelledby': 'skymap-title skymap-desc',
  });
  svg.append(
    s('title', { id: 'skymap-title' }, 'Sky map of the error regions'),
    s(
      'desc',
      { id: 'skymap-desc' },
      `Centred on RA ${raHms(centre.raDeg)}, Dec ${decDms(centre.decDeg)}; ${regions.length} error region(s), ${candidates.length} candidate(s). North up, east left.`,
    ),
    s('rect', { x: PAD, y: PAD, width: SIZE - 2 * PAD, height: SIZE - 2 * PAD, class: 'frame' }),
  );
  const grid = s('g', { class: 'grid' });
  for (const t of ticks(-half * unit.k, half * unit.k, 4)) {
    const v = t / unit.k;
    grid.append(
      s('line', { x1: x(v), x2: x(v), y1: PAD, y2: SIZE - PAD }),
      s('line', { x1: PAD, x2: SIZE - PAD, y1: y(v), y2: y(v) }),
      s('text', { x: x(v), y: SIZE - PAD + 14, class: 'tick', 'text-anchor': 'middle' }, `${t}${unit.sym}`),
      s('text', { x: PAD - 4, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, `${t}${unit.sym}`),
    );
  }
  svg.append(
    grid,
    s('text', { x: SIZE / 2, y: SIZE - 4, class: 'axis-label', 'text-anchor': 'middle' }, '← east    offset    west →'),
  );
  svg.append(s('text', { x: PAD + 4, y: PAD + 14, class: 'axis-label' }, 'N ↑'));

  const clip = s(
    'clipPath',
    { id: 'skymap-clip' },
    s('rect', { x: PAD, y: PAD, width: SIZE - 2 * PAD, height: SIZE - 2 * PAD }),
  );
  const body = s('g', { 'clip-path': 'url(#skymap-clip)' });
  svg.append(s('defs', {}, clip), body);
  // Largest first, so a small circle is never hidden under a large one.
  for (const r of [...regions].sort((a, b) => b.radiusDeg - a.radiusDeg)) {
    const pts = circleOnPlane(centre, r);
    const c = gnomonic(centre, r);
    const g = s(
      'g',
      { class: `region ${r.tone}` },
      s('title', {}, `${r.label}: RA ${raHms(r.raDeg)}, Dec ${decDms(r.decDeg)}, radius ${radius(r.radiusDeg)}`),
    );
    if (pts.length > 2)
      g.append(
        s('path', {
          d: pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.xiDeg).toFixed(2)} ${y(p.etaDeg).toFixed(2)}`).join('') + 'Z',
        }),
      );
    if (c) g.append(s('circle', { cx: x(c.xiDeg), cy: y(c.etaDeg), r: 2.5, class: 'centre' }));
    body.append(g);
  }
  for (const m of candidates) {
    const p = gnomonic(centre, m);
    if (!p) continue;
    const cx = x(p.xiDeg);
    const cy = y(p.etaDeg);
    body.append(
      s(
        'g',
        { class: 'candidate' },
        s('title', {}, `${m.label}: RA ${raHms(m.raDeg)}, Dec ${decDms(m.decDeg)}`),
        s('path', { d: `M${cx - 7} ${cy}h4M${cx + 3} ${cy}h4M${cx} ${cy - 7}v4M${cx} ${cy + 3}v4` }),
        s('text', { x: cx + 8, y: cy - 6, class: 'marker-label' }, m.label),
      ),
    );
  }
  // The best position: the centre, marked so it is found at once.
  body.append(s('path', { d: `M${SIZE / 2 - 10} ${SIZE / 2}h20M${SIZE / 2} ${SIZE / 2 - 10}v20`, class: 'best' }));
  return svg;
}
