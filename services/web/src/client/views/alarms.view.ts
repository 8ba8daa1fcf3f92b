import { getJson } from '../api.js';
import { h, mount } from '../dom.js';
import { currentPerson } from '../session.js';
import type { Alarm, AlarmList } from '../types.js';
import type { View } from './view.js';
import { errorBox, loading, section, time } from './widgets.js';

/** How often the page re-reads the alarms: notify's watchdog looks every 10 s by default. */
const POLL_MS = 10_000;
/** After a station event, the time notify takes to open or close its alarm. */
const AFTER_EVENT_MS = 1_500;

/**
 * Operator alarms (notify's watchdog and station events): the open ones, and the recently
 * closed. Each opens once and closes once; the page re-reads them every few seconds and after
 * each station event. Operators only (notify checks the role).
 */
export function alarmsView(root: HTMLElement): View {
  const openBox = h('div', { id: 'alarms-open-box' });
  const closedBox = h('div', { id: 'alarms-closed-box' });
  let soon: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    const person = currentPerson();
    if (!person?.roles.includes('operator')) {
      mount(
        root,
        h('div', { class: 'page-head' }, h('h1', {}, 'Alarms')),
        h(
          'section',
          { class: 'card' },
          h(
            'p',
            { class: 'empty' },
            person
              ? `${person.sub} does not hold the operator role: alarms are for operators.`
              : 'Log in with an operator token to see the alarms (stations silent, dead letters, consumers lagging, services not ready, stale outboxes).',
          ),
        ),
      );
      return;
    }
    mount(
      root,
      h('div', { class: 'page-head' }, h('h1', {}, 'Alarms')),
      section('Open', 'alarms-open-title', openBox),
      section('Recently closed', 'alarms-closed-title', closedBox),
    );
    mount(openBox, loading('alarms'));
    void load();
  };

  async function load() {
    if (!currentPerson()?.roles.includes('operator')) return;
    try {
      const [open, closed] = await Promise.all([
        getJson<AlarmList>('notify', '/v1/alarms?open=true&limit=200'),
        getJson<AlarmList>('notify', '/v1/alarms?open=false&limit=50'),
      ]);
      mount(
        openBox,
        open.alarms.length
          ? alarmTable(open.alarms, 'alarms-open', false)
          : h('p', { class: 'empty' }, 'No alarm open.'),
      );
      mount(
        closedBox,
        closed.alarms.length
          ? alarmTable(closed.alarms, 'alarms-closed', true)
          : h('p', { class: 'empty' }, 'None closed yet.'),
      );
    } catch (error) {
      mount(openBox, errorBox(error));
      mount(closedBox);
    }
  }

  window.addEventListener('svom:session', draw);
  draw();
  const timer = setInterval(() => void load(), POLL_MS);
  return {
    title: 'Alarms',
    onLive: (e) => {
      if (e.event === 'ready') void load();
      if (e.event === 'station') {
        clearTimeout(soon);
        soon = setTimeout(() => void load(), AFTER_EVENT_MS);
      }
    },
    dispose: () => {
      window.removeEventListener('svom:session', draw);
      clearInterval(timer);
      clearTimeout(soon);
    },
  };
}

function alarmTable(list: Alarm[], id: string, closed: boolean): HTMLElement {
  const columns = ['Kind', 'About', 'Summary', 'Opened', ...(closed ? ['Closed', 'How'] : [])];
  return h(
    'table',
    { class: 'data compact', id },
    h('caption', { class: 'sr-only' }, closed ? 'Closed alarms, newest first' : 'Open alarms, newest first'),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...list.map((a) =>
        h(
          'tr',
          { 'data-alarm': a.key, 'data-kind': a.kind },
          h('th', { scope: 'row' }, h('span', { class: `badge alarm-${closed ? 'closed' : 'open'}` }, a.kind)),
          h('td', { class: 'num' }, a.key),
          h('td', { class: 'wrap' }, a.summary),
          h('td', {}, time(a.openedAt)),
          closed ? h('td', {}, a.closedAt ? time(a.closedAt) : '—') : null,
          closed ? h('td', { class: 'wrap' }, a.closeSummary ?? '') : null,
        ),
      ),
    ),
  );
}
