import { readNoticeJson, type NoticeJsonReading } from '@svom/voevent/notice-json';
import { ApiError, getJson } from '../api.js';
import { lightCurveChart } from '../charts/light-curve-chart.js';
import { skyMap, type SkyMarker, type SkyRegion } from '../charts/sky-map.js';
import { h, mount } from '../dom.js';
import { decDms, radius, raHms, sinceT0 } from '../format.js';
import { debounce } from '../live.js';
import type { BurstDetail, BurstFollowup } from '../types.js';
import { advocatePanel } from './advocate.panel.js';
import { followupTimeline } from './followup.section.js';
import { instrumentOf } from './instruments.js';
import type { View } from './view.js';
import { errorBox, loading, section, statusBadge, time } from './widgets.js';

// Notices never change once issued: fetch and read each JSON once per page load, with the
// reader the services use (browser-safe: libs/voevent/src/notice-json).
const noticeCache = new Map<string, Promise<NoticeJsonReading | undefined>>();
const noticeJson = (id: string) => {
  if (!noticeCache.has(id))
    noticeCache.set(
      id,
      getJson<unknown>('alerts', `/v1/notices/${encodeURIComponent(id)}`)
        .then(readNoticeJson)
        .catch(() => undefined),
    );
  return noticeCache.get(id)!;
};

/** One burst: summary, advocate actions, notices, sky map, light curve, follow-up, audit trail. */
export function burstView(root: HTMLElement, [burstId = '']: string[]): View {
  mount(root, loading(`burst ${burstId}`));
  const onSession = () => void load();
  window.addEventListener('svom:session', onSession);

  async function load() {
    let burst: BurstDetail;
    try {
      burst = await getJson<BurstDetail>('alerts', `/v1/bursts/${encodeURIComponent(burstId)}`);
    } catch (error) {
      mount(root, h('h1', {}, burstId), errorBox(error), h('p', {}, h('a', { href: '#/' }, '← all bursts')));
      return;
    }
    const [followup, jsons] = await Promise.all([
      getJson<BurstFollowup>('followup', `/v1/bursts/${encodeURIComponent(burstId)}/followup`).catch((e: unknown) =>
        e instanceof ApiError && e.status === 404 ? null : (e as Error),
      ),
      Promise.all(burst.notices.map((n) => noticeJson(n.id))),
    ]);
    // Keep the reader's place and focus across a live re-render.
    const scroll = window.scrollY;
    mount(
      root,
      header(burst),
      advocatePanel(burst, () => void load()),
      h(
        'div',
        { class: 'grid-2' },
        skySection(burst, jsons, followup instanceof Error ? null : followup),
        noticesSection(burst, jsons),
      ),
      section(
        'Light curve',
        'lc-title-h',
        burst.lightCurve
          ? lightCurveChart(burst.lightCurve, burst.t0)
          : h(
              'p',
              { class: 'empty' },
              'No light curve received yet (ECLAIRs sends it a few minutes after the trigger).',
            ),
      ),
      section(
        'Follow-up',
        'followup-title',
        followup instanceof Error
          ? errorBox(followup)
          : followup
            ? followupTimeline(followup, burst.t0)
            : h('p', { class: 'empty' }, 'The follow-up service has not seen this burst yet.'),
      ),
      section('Audit trail', 'audit-title', auditTrail(burst)),
    );
    window.scrollTo(0, scroll);
  }
  void load();
  const reload = debounce(() => void load(), 250);
  return {
    title: `Burst ${burstId}`,
    onLive: (e) => {
      if (e.event === 'ready' || (e.event === 'burst' && e.data?.burstId === burstId)) reload();
      if (e.event === 'followup') reload();
    },
    dispose: () => window.removeEventListener('svom:session', onSession),
  };
}

function header(b: BurstDetail): HTMLElement {
  const p = b.position;
  return h(
    'div',
    { class: 'page-head burst-head' },
    h(
      'div',
      {},
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Bursts'), ' / '),
      h('h1', {}, b.burstId, ' ', statusBadge(b.status)),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, 'T0'), h('dd', {}, time(b.t0, true))),
      h('div', {}, h('dt', {}, 'Best position'), h('dd', {}, p ? `${raHms(p.raDeg)} ${decDms(p.decDeg)}` : '—')),
      h('div', {}, h('dt', {}, 'Error'), h('dd', {}, p ? `${radius(p.errorRadiusDeg)} (${p.instrument})` : '—')),
      h('div', {}, h('dt', {}, 'Instruments'), h('dd', {}, b.instruments.join(', ') || '—')),
      h('div', {}, h('dt', {}, 'Alert sequence'), h('dd', {}, b.alertSequenceId ?? '—')),
    ),
  );
}

function skySection(
  b: BurstDetail,
  jsons: Array<NoticeJsonReading | undefined>,
  followup: BurstFollowup | null,
): HTMLElement {
  const regions: SkyRegion[] = [];
  b.notices.forEach((n, i) => {
    const p = jsons[i]?.position;
    if (!p?.errorRadiusDeg) return;
    const instrument = instrumentOf(n.name);
    regions.push({
      raDeg: p.raDeg,
      decDeg: p.decDeg,
      radiusDeg: p.errorRadiusDeg,
      label: `${n.name} (${instrument})`,
      tone: `inst-${instrument.toLowerCase()}`,
    });
  });
  const candidates: SkyMarker[] = [];
  for (const e of followup?.timeline ?? []) {
    if (e.kind !== 'report') continue;
    for (const c of e.report.candidates ?? [])
      candidates.push({
        raDeg: c.raDeg,
        decDeg: c.decDeg,
        label: `${c.magnitude.toFixed(1)} mag${c.filter ? ` ${c.filter}` : ''}`,
      });
  }
  const centre = b.position ?? regions.at(-1);
  if (!centre) return section('Sky map', 'sky-title', h('p', { class: 'empty' }, 'No position yet.'));
  return section(
    'Sky map',
    'sky-title',
    h(
      'figure',
      { id: 'sky-map' },
      skyMap(centre, regions, candidates),
      h(
        'figcaption',
        {},
        h(
          'ul',
          { class: 'legend-list' },
          ...regions.map((r) =>
            h('li', {}, h('span', { class: `swatch ${r.tone}` }), `${r.label}: ${radius(r.radiusDeg)}`),
          ),
          candidates.length
            ? h('li', {}, h('span', { class: 'swatch candidate' }), `${candidates.length} afterglow candidate(s)`)
            : null,
          h('li', {}, h('span', { class: 'swatch best' }), 'best position (centre)'),
        ),
      ),
    ),
  );
}

// A link cannot set Accept, and the one a browser sends prefers XML: each link names its form.
const noticeHref = (id: string, format: 'json' | 'xml') =>
  `/api/alerts/v1/notices/${encodeURIComponent(id)}?format=${format}`;

function noticesSection(b: BurstDetail, jsons: Array<NoticeJsonReading | undefined>): HTMLElement {
  const rows = b.notices.map((n, i) => {
    const error = jsons[i]?.position?.errorRadiusDeg;
    return h(
      'tr',
      { 'data-notice': n.name },
      h('th', { scope: 'row' }, h('a', { href: noticeHref(n.id, 'json'), title: 'the JSON notice' }, n.name)),
      h('td', { class: 'num' }, n.packetType),
      h('td', {}, instrumentOf(n.name)),
      h('td', { class: 'num' }, h('time', { datetime: n.issuedAt, title: n.issuedAt }, n.issuedAt.slice(11, 19))),
      h('td', { class: 'num' }, typeof error === 'number' ? radius(error) : '—'),
      h('td', {}, h('a', { href: noticeHref(n.id, 'xml'), title: 'the VOEvent 2.0 XML' }, 'XML')),
    );
  });
  return section(
    `Notices (${b.notices.length})`,
    'notices-title',
    b.notices.length
      ? h(
          'table',
          { class: 'data', id: 'notices' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Notice', 'Type', 'Instrument', 'Issued (UTC)', 'Error', 'VOEvent'].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        )
      : h('p', { class: 'empty' }, 'No notice yet.'),
  );
}

function auditTrail(b: BurstDetail): HTMLElement {
  return h(
    'ol',
    { class: 'timeline', id: 'audit' },
    ...b.timeline.map((t) => {
      const detail =
        t.action === 'notice'
          ? String(t.detail['noticeId'] ?? '')
          : Object.values(t.detail)
              .filter((v) => typeof v === 'string')
              .join(' — ');
      return h(
        'li',
        { class: `ev-${t.action}` },
        h('span', { class: 'when' }, sinceT0(t.at, b.t0)),
        h('span', { class: 'what' }, h('strong', {}, t.action), ` by ${t.actor}`, detail ? `: ${detail}` : ''),
      );
    }),
  );
}
