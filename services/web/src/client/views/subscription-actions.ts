import { ApiError, deleteAt, postEmpty } from '../api.js';
import { h } from '../dom.js';
import type { Delivery, Subscription } from '../types.js';

/** What an action did, for the page's status line; `changed` means the page should re-read. */
export interface ActionReport {
  message: string;
  ok: boolean;
  changed: boolean;
  /** The subscription is gone. */
  deleted?: boolean;
}

/** The outcome of the test button, in words. */
export function testOutcome(d: Delivery): string {
  if (d.status === 'delivered') return `Test notice delivered${d.lastHttpStatus ? ` (HTTP ${d.lastHttpStatus})` : ''}.`;
  if (d.status === 'failed') return `Test notice failed: ${d.lastError ?? 'no reason given'}.`;
  return `Test notice not sent yet${d.lastError ? ` (last try: ${d.lastError})` : ''}: see the delivery history.`;
}

/**
 * Pause or resume, send a test, delete: the buttons of one subscription (notify checks that the
 * caller owns it, or is an operator). Each reports through `report`.
 */
export function subscriptionActions(s: Subscription, report: (r: ActionReport) => void): HTMLElement {
  const path = `/v1/subscriptions/${encodeURIComponent(s.id)}`;
  const box = h('div', { class: 'row-actions' });
  const run = async (button: HTMLButtonElement, work: () => Promise<ActionReport>) => {
    const buttons = [...box.querySelectorAll('button')];
    buttons.forEach((b) => (b.disabled = true));
    const label = button.textContent;
    button.setAttribute('aria-busy', 'true');
    report({ message: `${label}…`, ok: true, changed: false });
    try {
      report(await work());
    } catch (error) {
      report({
        message: `${label} failed: ${error instanceof ApiError ? error.message : String(error)}`,
        ok: false,
        changed: error instanceof ApiError && error.status === 404,
      });
    } finally {
      button.removeAttribute('aria-busy');
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  const button = (label: string, cls: string, action: string, work: () => Promise<ActionReport>) => {
    const b = h('button', {
      type: 'button',
      class: cls,
      'data-action': action,
      'aria-label': `${label}: ${s.name}`,
    });
    b.textContent = label;
    b.addEventListener('click', () => void run(b, work));
    return b;
  };
  const confirmed = s.status !== 'pending-confirmation';
  if (confirmed) {
    const paused = s.status === 'paused';
    box.append(
      button(paused ? 'Resume' : 'Pause', 'secondary', paused ? 'resume' : 'pause', async () => {
        const changed = await postEmpty<Subscription>('notify', `${path}/${paused ? 'resume' : 'pause'}`);
        return { message: `"${changed.name}" is ${changed.status}.`, ok: true, changed: true };
      }),
      button('Send me a test', 'secondary', 'test', async () => {
        const delivery = await postEmpty<Delivery>('notify', `${path}/test`);
        return { message: testOutcome(delivery), ok: delivery.status !== 'failed', changed: true };
      }),
    );
  }
  box.append(
    button('Delete', 'danger', 'delete', async () => {
      if (!window.confirm(`Delete the subscription "${s.name}" and its delivery history?`))
        return { message: 'Nothing deleted.', ok: true, changed: false };
      await deleteAt('notify', path);
      return { message: `"${s.name}" deleted.`, ok: true, changed: true, deleted: true };
    }),
  );
  return box;
}
