import { ApiError, getJson } from '../api.js';
import { timeLanes, type LaneItem } from '../charts/time-lanes.js';
import { h, mount } from '../dom.js';
import { decDms, raHms, utc } from '../format.js';
import { debounce } from '../live.js';
import type { PlanList, PlanSummary, PlanView } from '../types.js';
import type { View } from './view.js';
import { errorBox, loading, section, statusBadge } from './widgets.js';

const LANES = ['burst', 'observation', 'slew', 'core'];

/** The current general-program plan: the active plan (else the newest) as lanes over its span. */
export function planView(root: HTMLElement): View {
  mount(root, h('h1', {}, 'General program'), loading('the plan'));
  async function load() {
    try {
      const { plans } = await getJson<PlanList>('scheduler', '/v1/plans');
      const current = plans.find((p) => p.status === 'active') ?? plans[0];
      if (!current) {
        mount(
          root,
          h('h1', {}, 'General program'),
          h('p', { class: 'empty card' }, 'No plan yet: an operator makes one with POST /v1/plans on the scheduler.'),
        );
        return;
      }
      draw(await getJson<PlanView>('scheduler', `/v1/plans/${encodeURIComponent(current.id)}`), plans);
    } catch (error) {
      const down = error instanceof ApiError && (error.status === 502 || error.status === 504);
      mount(
        root,
        h('h1', {}, 'General program'),
        errorBox(down ? new Error(`The scheduler is not reachable: ${error.message}`) : error),
      );
    }
  }
  function draw(plan: PlanView, plans: PlanSummary[]) {
    const span: [number, number] = [Date.parse(plan.spanStart), Date.parse(plan.spanEnd)];
    const items: LaneItem[] = plan.entries.map((e) => ({
      lane: e.kind,
      startMs: Date.parse(e.start),
      endMs: Date.parse(e.end),
      tone: `kind-${e.kind}`,
      label: `${e.kind}${e.requestId ? ` ${e.requestId}` : ''}: ${utc(e.start)} → ${utc(e.end)}, RA ${raHms(e.raDeg)} Dec ${decDms(e.decDeg)}`,
    }));
    const upcoming = plan.entries
      .filter((e) => e.kind === 'observation' || e.kind === 'burst')
      .filter((e) => Date.parse(e.end) >= Date.now())
      .slice(0, 15);
    mount(
      root,
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'General program ', statusBadge(plan.status)),
        h(
          'p',
          { class: 'muted' },
          `Plan ${plan.id}: ${utc(plan.spanStart)} → ${utc(plan.spanEnd)}, by ${plan.createdBy}, orbit ${plan.tleName}`,
        ),
      ),
      section(
        'Timeline',
        'plan-tl',
        h('figure', { id: 'plan-timeline' }, timeLanes(LANES, items, span, `Plan ${plan.id} over its span`)),
      ),
      section(
        'Next observations',
        'plan-next',
        upcoming.length
          ? h(
              'table',
              { class: 'data compact' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...['Start', 'End', 'Kind', 'Request', 'RA', 'Dec'].map((c) => h('th', { scope: 'col' }, c)),
                ),
              ),
              h(
                'tbody',
                {},
                ...upcoming.map((e) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, utc(e.start)),
                    h('td', {}, utc(e.end)),
                    h('td', {}, e.kind),
                    h('td', {}, e.requestId ?? '—'),
                    h('td', { class: 'num' }, raHms(e.raDeg)),
                    h('td', { class: 'num' }, decDms(e.decDeg)),
                  ),
                ),
              ),
            )
          : h('p', { class: 'empty' }, 'Nothing left to observe in this plan.'),
      ),
      section(
        'Requests',
        'plan-req',
        !plan.requests.length
          ? h('p', { class: 'empty' }, 'No request was accepted for this span: the plan is the core program.')
          : h(
              'table',
              { class: 'data compact' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...['Request', 'Kind', 'Exposure', 'Observed', 'Status', 'Why not'].map((c) =>
                    h('th', { scope: 'col' }, c),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                ...plan.requests.map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, r.requestId),
                    h('td', {}, r.kind),
                    h('td', { class: 'num' }, `${Math.round(r.exposureS)} s`),
                    h('td', { class: 'num' }, `${Math.round(r.observedS)} s`),
                    h('td', {}, h('span', { class: `badge plan-${r.status}` }, r.status)),
                    h('td', {}, r.reason ?? ''),
                  ),
                ),
              ),
            ),
      ),
      plans.length > 1 ? h('p', { class: 'muted' }, `${plans.length - 1} earlier plan(s) not shown.`) : null,
    );
  }
  void load();
  const reload = debounce(() => void load(), 250);
  return { title: 'General program', onLive: (e) => (e.event === 'plan' || e.event === 'ready') && reload() };
}
