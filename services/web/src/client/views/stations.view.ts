import { getJson } from '../api.js';
import { stationMap } from '../charts/station-map.js';
import { h, mount } from '../dom.js';
import { ms } from '../format.js';
import { stationHealth } from '../plot/world.js';
import type { StationHealth, StationList } from '../types.js';
import type { View } from './view.js';
import { errorBox, loading, time } from './widgets.js';

/** The VHF stations on a world map and in a table; each health event replaces its station. */
export function stationsView(root: HTMLElement): View {
  const stations = new Map<string, StationHealth>();
  const mapBox = h('figure', { id: 'station-map' }, loading('stations'));
  const tableBox = h('div', {});
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'VHF stations'), legend()),
    h('section', { class: 'card' }, mapBox),
    h('section', { class: 'card flush' }, tableBox),
  );

  const draw = () => {
    const list = [...stations.values()].sort((a, b) => a.stationId.localeCompare(b.stationId));
    mount(mapBox, stationMap(list));
    mount(
      tableBox,
      list.length ? table(list) : h('p', { class: 'empty' }, 'No station registered (svom station add).'),
    );
  };
  async function load() {
    try {
      const { stations: list } = await getJson<StationList>('ingest', '/v1/stations');
      stations.clear();
      for (const st of list) stations.set(st.stationId, st);
      draw();
    } catch (error) {
      mount(mapBox, errorBox(error));
    }
  }
  void load();
  return {
    title: 'VHF stations',
    onLive: (e) => {
      if (e.event === 'ready') void load();
      if (e.event === 'station' && e.data?.stationId) {
        stations.set(e.data.stationId, e.data as StationHealth);
        draw();
      }
    },
  };
}

function legend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend-list inline' },
    h('li', {}, h('span', { class: 'swatch good' }), 'active'),
    h('li', {}, h('span', { class: 'swatch slow' }), 'slow (median latency > 30 s)'),
    h('li', {}, h('span', { class: 'swatch silent' }), 'silent'),
    h('li', {}, h('span', { class: 'swatch unknown' }), 'never heard'),
  );
}

function table(list: StationHealth[]): HTMLElement {
  return h(
    'table',
    { class: 'data', id: 'stations' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[
          'Station',
          'Name',
          'Health',
          'Last heard',
          'Latency p50',
          'p95',
          'Packets (1 h)',
          'Duplicates',
          'Rejected',
          'RSSI',
        ].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      ...list.map((st) => {
        const w = st.lastHour;
        const rejected = Object.values(w.rejections).reduce((a, b) => a + b, 0);
        return h(
          'tr',
          { 'data-station': st.stationId },
          h('th', { scope: 'row' }, st.stationId),
          h('td', {}, st.name),
          h('td', {}, h('span', { class: `badge health-${stationHealth(st.status, w.latencyP50Ms)}` }, st.status)),
          h('td', {}, st.lastHeardAt ? time(st.lastHeardAt) : '—'),
          h('td', { class: 'num' }, ms(w.latencyP50Ms)),
          h('td', { class: 'num' }, ms(w.latencyP95Ms)),
          h('td', { class: 'num' }, w.packets),
          h('td', { class: 'num' }, w.duplicates),
          h('td', { class: 'num' }, rejected),
          h('td', { class: 'num' }, w.medianRssiDbm === null ? '—' : `${w.medianRssiDbm.toFixed(1)} dBm`),
        );
      }),
    ),
  );
}
