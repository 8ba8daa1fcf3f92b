import { getJson } from '../api.js';
import { h, mount } from '../dom.js';
import { currentPerson } from '../session.js';
import type { Subscription, SubscriptionList } from '../types.js';
import { subscriptionActions, type ActionReport } from './subscription-actions.js';
import { subscriptionForm } from './subscription-form.js';
import { channelSummary, filterSummary, siteSummary } from './subscription-summary.js';
import type { View } from './view.js';
import { errorBox, loading, section, statusBadge } from './widgets.js';

/**
 * A person's notice subscriptions (an operator's: everyone's), served by notify: the list with
 * pause/resume, test and delete, and the form that adds one. Needs a login (any role).
 */
export function subscriptionsView(root: HTMLElement): View {
  const status = h('p', { role: 'status', id: 'sub-status', class: 'muted' });
  const listBox = h('div', {});
  const secretBox = h('div', {});
  const report = (r: ActionReport) => {
    status.textContent = r.message;
    status.className = r.ok ? 'muted' : 'error';
    if (r.changed) void load();
  };

  const draw = () => {
    const person = currentPerson();
    if (!person) {
      mount(
        root,
        h('div', { class: 'page-head' }, h('h1', {}, 'Subscriptions')),
        h(
          'section',
          { class: 'card' },
          h(
            'p',
            { class: 'empty' },
            'Log in to see and manage your subscriptions: notices by email or webhook, filtered on the server, with what your site can observe.',
          ),
        ),
      );
      return;
    }
    const operator = person.roles.includes('operator');
    mount(
      root,
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'Subscriptions'),
        h('p', { class: 'muted' }, operator ? "Everyone's (you are an operator)." : `${person.sub}'s.`),
      ),
      status,
      h('section', { class: 'card flush', 'aria-label': 'Subscriptions' }, listBox),
      secretBox,
      section(
        'Add a subscription',
        'sub-add-title',
        subscriptionForm((made) => {
          report({ message: `Added "${made.name}" (${made.status}).`, ok: true, changed: true });
          mount(
            secretBox,
            made.secret
              ? h(
                  'section',
                  { class: 'card', id: 'sub-secret-once', 'aria-label': 'Webhook secret' },
                  h('p', {}, `The secret of "${made.name}", shown this once: keep it to check X-SVOM-Signature.`),
                  h('code', { class: 'secret' }, made.secret),
                )
              : null,
          );
        }),
      ),
    );
    mount(listBox, loading('subscriptions'));
    void load();
  };

  async function load() {
    const person = currentPerson();
    if (!person) return;
    try {
      const { subscriptions } = await getJson<SubscriptionList>('notify', '/v1/subscriptions');
      mount(
        listBox,
        subscriptions.length
          ? table(subscriptions, person.roles.includes('operator'), report)
          : h('p', { class: 'empty' }, 'No subscription yet: add one below.'),
      );
    } catch (error) {
      mount(listBox, errorBox(error));
    }
  }

  window.addEventListener('svom:session', draw);
  draw();
  return {
    title: 'Subscriptions',
    onLive: (e) => {
      if (e.event === 'ready') void load();
    },
    dispose: () => window.removeEventListener('svom:session', draw),
  };
}

function table(list: Subscription[], operator: boolean, report: (r: ActionReport) => void): HTMLElement {
  const columns = ['Name', ...(operator ? ['Owner'] : []), 'Status', 'Where to', 'Which notices', 'Site', 'Actions'];
  return h(
    'table',
    { class: 'data', id: 'subscriptions' },
    h('caption', { class: 'sr-only' }, 'Subscriptions, oldest first'),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...list.map((s) =>
        h(
          'tr',
          { 'data-subscription': s.id, 'data-status': s.status },
          h('th', { scope: 'row' }, h('a', { href: `#/subscriptions/${s.id}` }, s.name)),
          operator ? h('td', {}, s.owner) : null,
          h(
            'td',
            {},
            statusBadge(s.status),
            s.pausedReason ? h('div', { class: 'muted small wrap' }, s.pausedReason) : null,
          ),
          h('td', { class: 'wrap url' }, channelSummary(s.channel)),
          h('td', { class: 'wrap' }, filterSummary(s.filter)),
          h('td', { class: 'wrap' }, siteSummary(s.site)),
          h('td', {}, subscriptionActions(s, report)),
        ),
      ),
    ),
  );
}
