import { s } from '../dom.js';
import { ms } from '../format.js';
import { equirect, outlinePath, stationHealth } from '../plot/world.js';
import { LAND } from '../plot/world-outline.js';
import type { StationHealth } from '../types.js';

const BOX = { width: 720, height: 360 };

/** Every station on an equirectangular world map, its dot coloured by health. */
export function stationMap(stations: StationHealth[]): SVGSVGElement {
  const svg = s('svg', {
    viewBox: `0 0 ${BOX.width} ${BOX.height}`,
    class: 'chart station-map',
    role: 'img',
    'aria-labelledby': 'stmap-title stmap-desc',
  });
  const counts = { good: 0, slow: 0, silent: 0, unknown: 0 };
  for (const st of stations) counts[stationHealth(st.status, st.lastHour.latencyP50Ms)]++;
  svg.append(
    s('title', { id: 'stmap-title' }, 'VHF stations'),
    s(
      'desc',
      { id: 'stmap-desc' },
      `${stations.length} stations: ${counts.good} healthy, ${counts.slow} slow, ${counts.silent} silent, ${counts.unknown} never heard. The table below lists them.`,
    ),
    s('rect', { x: 0, y: 0, width: BOX.width, height: BOX.height, class: 'ocean' }),
  );
  const grid = s('g', { class: 'grid' });
  for (let lon = -150; lon <= 150; lon += 30)
    grid.append(s('line', { x1: equirect(lon, 0, BOX)[0], x2: equirect(lon, 0, BOX)[0], y1: 0, y2: BOX.height }));
  for (let lat = -60; lat <= 60; lat += 30)
    grid.append(
      s('line', {
        x1: 0,
        x2: BOX.width,
        y1: equirect(0, lat, BOX)[1],
        y2: equirect(0, lat, BOX)[1],
        class: lat === 0 ? 'equator' : '',
      }),
    );
  svg.append(grid, s('path', { d: outlinePath(LAND, BOX), class: 'land' }));
  // SVOM's orbit is inclined 30°: the stations sit under it, between these lines.
  for (const lat of [30, -30])
    svg.append(
      s('line', {
        x1: 0,
        x2: BOX.width,
        y1: equirect(0, lat, BOX)[1],
        y2: equirect(0, lat, BOX)[1],
        class: 'orbit-band',
      }),
    );
  for (const st of stations) {
    const [cx, cy] = equirect(st.longitudeDeg, st.latitudeDeg, BOX);
    const health = stationHealth(st.status, st.lastHour.latencyP50Ms);
    svg.append(
      s(
        'g',
        { class: `station ${health}`, 'data-station': st.stationId },
        s('title', {}, `${st.stationId} ${st.name}: ${st.status}, median latency ${ms(st.lastHour.latencyP50Ms)}`),
        s('circle', { cx, cy, r: 5.5 }),
        // Labels near the right edge go to the left of their dot, so none is cut off.
        s(
          'text',
          {
            x: cx > BOX.width - 60 ? cx - 8 : cx + 8,
            y: cy + 4,
            class: 'marker-label',
            'text-anchor': cx > BOX.width - 60 ? 'end' : 'start',
          },
          st.stationId,
        ),
      ),
    );
  }
  return svg;
}
