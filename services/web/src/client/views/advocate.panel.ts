import { ApiError, postJson } from '../api.js';
import { h, mount } from '../dom.js';
import { currentPerson, isBurstAdvocate } from '../session.js';
import type { AdvocateActions, BurstSummary } from '../types.js';

/**
 * Retract, confirm, comment: shown to a Burst Advocate only (the alerts service checks the role
 * again; hiding the forms is for clarity, not security). `done` re-reads the burst.
 */
export function advocatePanel(burst: BurstSummary, done: () => void): HTMLElement {
  const box = h('section', { class: 'card advocate', 'aria-labelledby': 'advocate-title' });
  const status = h('p', { role: 'status', class: 'muted' });

  const act = async <P extends keyof AdvocateActions>(
    form: HTMLFormElement,
    path: P,
    body: AdvocateActions[P],
    what: string,
  ) => {
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((b) => (b.disabled = true));
    status.textContent = `${what}…`;
    status.className = 'muted';
    try {
      await postJson('alerts', `/v1/bursts/${burst.burstId}/${path}`, body);
      status.textContent = `${what}: done.`;
      form.reset();
      done();
    } catch (error) {
      status.textContent = `${what} failed: ${error instanceof ApiError ? error.message : String(error)}`;
      status.className = 'error';
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  };

  if (!isBurstAdvocate()) {
    const person = currentPerson();
    mount(
      box,
      h('h2', { id: 'advocate-title' }, 'Burst Advocate'),
      h(
        'p',
        { class: 'muted' },
        person
          ? `${person.sub} does not hold the burst-advocate role.`
          : 'Log in with a Burst Advocate token to retract, confirm or comment on this burst.',
      ),
    );
    return box;
  }
  const retracted = burst.status === 'retracted';
  const reason = h('textarea', {
    id: 'retract-reason',
    name: 'reason',
    required: true,
    minlength: 3,
    maxlength: 2000,
    rows: 2,
    placeholder: 'why: e.g. a known X-ray source, an SAA particle event',
  });
  const retract = h(
    'form',
    { class: 'action', id: 'retract-form' },
    h('label', { for: 'retract-reason' }, 'Reason for retraction'),
    reason,
    h('button', { type: 'submit', class: 'danger', disabled: retracted }, 'Retract burst'),
  );
  retract.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(retract, 'retraction', { reason: reason.value.trim() }, 'Retraction');
  });
  const comment1 = h('input', {
    id: 'confirm-comment',
    name: 'comment',
    maxlength: 2000,
    placeholder: 'optional comment',
  });
  const confirm = h(
    'form',
    { class: 'action', id: 'confirm-form' },
    h('label', { for: 'confirm-comment' }, 'Confirm as a GRB'),
    comment1,
    h('button', { type: 'submit', disabled: retracted || burst.status === 'confirmed' }, 'Confirm burst'),
  );
  confirm.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(confirm, 'confirmation', comment1.value.trim() ? { comment: comment1.value.trim() } : {}, 'Confirmation');
  });
  const text = h('textarea', { id: 'comment-text', name: 'text', required: true, maxlength: 4000, rows: 2 });
  const comment = h(
    'form',
    { class: 'action', id: 'comment-form' },
    h('label', { for: 'comment-text' }, 'Comment'),
    text,
    h('button', { type: 'submit' }, 'Add comment'),
  );
  comment.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(comment, 'comments', { text: text.value.trim() }, 'Comment');
  });
  mount(
    box,
    h('h2', { id: 'advocate-title' }, 'Burst Advocate actions'),
    h('div', { class: 'actions' }, retract, confirm, comment),
    status,
  );
  return box;
}
