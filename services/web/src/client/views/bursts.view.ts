import { getJson } from '../api.js';
import { h, mount } from '../dom.js';
import { decDms, radius, raHms } from '../format.js';
import { debounce } from '../live.js';
import type { BurstPage, BurstSummary } from '../types.js';
import type { View } from './view.js';
import { errorBox, loading, statusBadge, time } from './widgets.js';

/** The burst list, newest T0 first; re-read when any burst changes, new rows highlighted. */
export function burstsView(root: HTMLElement): View {
  const seen = new Set<string>();
  let first = true;
  let status = '';
  const announce = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  const body = h('div', {}, loading('bursts'));
  const filter = h(
    'select',
    { id: 'status-filter', onchange: () => ((status = filter.value), void load()) },
    h('option', { value: '' }, 'all'),
    h('option', { value: 'active' }, 'active'),
    h('option', { value: 'confirmed' }, 'confirmed'),
    h('option', { value: 'retracted' }, 'retracted'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Bursts'), h('label', { class: 'inline' }, 'Status ', filter)),
    announce,
    h('section', { class: 'card flush' }, body),
  );

  async function load() {
    try {
      const { bursts } = await getJson<BurstPage>('alerts', `/v1/bursts?limit=100${status ? `&status=${status}` : ''}`);
      const fresh = bursts.filter((b) => !seen.has(b.burstId));
      for (const b of bursts) seen.add(b.burstId);
      if (!first && fresh.length)
        announce.textContent = `New burst${fresh.length > 1 ? 's' : ''}: ${fresh.map((b) => b.burstId).join(', ')}`;
      mount(
        body,
        bursts.length
          ? table(bursts, first ? new Set() : new Set(fresh.map((b) => b.burstId)))
          : h(
              'p',
              { class: 'empty' },
              'No burst yet. New ones appear here as soon as the alerts service issues their first notice.',
            ),
      );
      first = false;
    } catch (error) {
      mount(body, errorBox(error));
    }
  }
  void load();
  const reload = debounce(() => void load(), 250);
  return {
    title: 'Bursts',
    onLive: (e) => {
      if (e.event === 'burst' || e.event === 'ready') reload();
    },
  };
}

function table(bursts: BurstSummary[], fresh: Set<string>): HTMLElement {
  return h(
    'table',
    { class: 'data', id: 'bursts' },
    h('caption', { class: 'sr-only' }, 'Bursts, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Burst', 'T0', 'Status', 'Instruments', 'RA', 'Dec', 'Error', 'Updated'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...bursts.map((b) =>
        h(
          'tr',
          { class: fresh.has(b.burstId) ? 'fresh' : '', 'data-burst': b.burstId, 'data-status': b.status },
          h('th', { scope: 'row' }, h('a', { href: `#/bursts/${b.burstId}` }, b.burstId)),
          h('td', {}, time(b.t0, true)),
          h('td', {}, statusBadge(b.status)),
          h(
            'td',
            { class: 'chips' },
            ...b.instruments.map((i) => h('span', { class: `chip inst-${i.toLowerCase()}` }, i)),
          ),
          h('td', { class: 'num' }, b.position ? raHms(b.position.raDeg) : '—'),
          h('td', { class: 'num' }, b.position ? decDms(b.position.decDeg) : '—'),
          h(
            'td',
            { class: 'num' },
            b.position ? `${radius(b.position.errorRadiusDeg)} (${b.position.instrument})` : '—',
          ),
          h('td', {}, time(b.updatedAt)),
        ),
      ),
    ),
  );
}
