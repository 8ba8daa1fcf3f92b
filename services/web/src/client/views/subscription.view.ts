import { getJson } from '../api.js';
import { h, mount } from '../dom.js';
import type { Delivery, DeliveryList, Subscription } from '../types.js';
import { subscriptionActions, type ActionReport } from './subscription-actions.js';
import { subscriptionForm } from './subscription-form.js';
import { channelSummary, filterSummary, siteSummary } from './subscription-summary.js';
import type { View } from './view.js';
import { errorBox, loading, section, statusBadge, time } from './widgets.js';

/** One subscription: what it is, its actions, and its delivery history (newest first). */
export function subscriptionView(root: HTMLElement, [id = '']: string[]): View {
  const status = h('p', { role: 'status', id: 'sub-status', class: 'muted' });
  const path = `/v1/subscriptions/${encodeURIComponent(id)}`;
  const report = (r: ActionReport) => {
    status.textContent = r.message;
    status.className = r.ok ? 'muted' : 'error';
    if (!r.changed) return;
    // Deleted: nothing left to show here.
    if (r.deleted) location.hash = '#/subscriptions';
    else void load();
  };
  mount(root, loading(`subscription ${id}`));
  /** The edit form is open: the page is not redrawn under it (a live event would lose what is typed). */
  let editing = false;

  async function load() {
    let s: Subscription;
    let deliveries: Delivery[];
    try {
      [s, { deliveries }] = await Promise.all([
        getJson<Subscription>('notify', path),
        getJson<DeliveryList>('notify', `${path}/deliveries?limit=200`),
      ]);
    } catch (error) {
      mount(
        root,
        h('h1', {}, id),
        errorBox(error),
        h('p', {}, h('a', { href: '#/subscriptions' }, '← all subscriptions')),
      );
      return;
    }
    const facts = h(
      'section',
      { class: 'card', id: 'sub-facts' },
      h(
        'dl',
        { class: 'facts' },
        h('div', {}, h('dt', {}, 'Owner'), h('dd', {}, s.owner)),
        h('div', {}, h('dt', {}, 'Where to'), h('dd', { class: 'wrap url' }, channelSummary(s.channel))),
        h('div', {}, h('dt', {}, 'Which notices'), h('dd', {}, filterSummary(s.filter))),
        h('div', {}, h('dt', {}, 'Site'), h('dd', {}, siteSummary(s.site))),
        h('div', {}, h('dt', {}, 'Since'), h('dd', {}, time(s.createdAt))),
        s.failingSince ? h('div', {}, h('dt', {}, 'Failing since'), h('dd', {}, time(s.failingSince))) : null,
        s.pausedReason ? h('div', {}, h('dt', {}, 'Paused'), h('dd', {}, s.pausedReason)) : null,
      ),
    );
    const edit = h('button', { type: 'button', class: 'secondary', id: 'sub-edit' }, 'Edit');
    edit.addEventListener('click', () => {
      editing = true;
      edit.hidden = true;
      const close = (message?: string) => {
        editing = false;
        if (message) report({ message, ok: true, changed: true });
        else void load();
      };
      const saved = (changed: Subscription) =>
        close(
          changed.status === 'pending-confirmation' && s.status !== 'pending-confirmation'
            ? `Saved "${changed.name}". A confirmation mail went to the new address: nothing is sent there before it is confirmed.`
            : `Saved "${changed.name}".`,
        );
      const form = subscriptionForm(saved, {
        editing: s,
        cancel: () => close(),
      });
      facts.replaceWith(h('section', { class: 'card', 'aria-label': 'Change this subscription' }, form));
      form.querySelector<HTMLInputElement>('#sub-name')?.focus();
    });
    mount(
      root,
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          {},
          h('p', { class: 'crumbs' }, h('a', { href: '#/subscriptions' }, 'Subscriptions'), ' / '),
          h('h1', {}, s.name, ' ', statusBadge(s.status)),
        ),
        h('div', { class: 'row-actions' }, edit, subscriptionActions(s, report)),
      ),
      status,
      facts,
      section(
        'Deliveries',
        'deliveries-title',
        deliveries.length
          ? deliveryTable(deliveries)
          : h('p', { class: 'empty' }, 'Nothing sent yet. "Send me a test" sends a marked test notice now.'),
      ),
    );
  }
  void load();
  return {
    title: `Subscription ${id}`,
    onLive: (e) => {
      // A notice may have been delivered: re-read when a burst changes or the stream reconnects.
      if (!editing && (e.event === 'ready' || e.event === 'burst')) void load();
    },
  };
}

function deliveryTable(list: Delivery[]): HTMLElement {
  return h(
    'table',
    { class: 'data compact', id: 'deliveries' },
    h('caption', { class: 'sr-only' }, 'Deliveries, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['What', 'Burst', 'Status', 'Attempts', 'HTTP', 'Last error', 'Created', 'Delivered'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...list.map((d) =>
        h(
          'tr',
          { 'data-delivery': String(d.id), 'data-kind': d.kind, 'data-status': d.status },
          h('th', { scope: 'row' }, d.kind, d.retraction ? ' (retraction)' : ''),
          h('td', {}, d.burstId ? h('a', { href: `#/bursts/${d.burstId}` }, d.burstId) : '—'),
          h(
            'td',
            {},
            statusBadge(d.status),
            d.collapsedInto !== null ? h('span', { class: 'muted' }, ` into #${d.collapsedInto}`) : null,
          ),
          h('td', { class: 'num' }, d.attempts),
          h('td', { class: 'num' }, d.lastHttpStatus ?? '—'),
          h('td', { class: 'wrap' }, d.lastError ?? ''),
          h('td', {}, time(d.createdAt)),
          h('td', {}, d.deliveredAt ? time(d.deliveredAt) : '—'),
        ),
      ),
    ),
  );
}
