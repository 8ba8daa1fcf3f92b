import { h } from './dom.js';
import { currentPerson, logIn, logOut } from './session.js';

/** The header's login control: a dialog to paste a JWT (`svom user token --name <you> --role <role>`). */
export function loginControl(slot: HTMLElement): void {
  const input = h('textarea', {
    id: 'token-input',
    rows: 4,
    required: true,
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'token-help',
  });
  const message = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { method: 'dialog', id: 'login-form' },
    h('h2', {}, 'Log in'),
    h('label', { for: 'token-input' }, 'Your token'),
    input,
    h(
      'p',
      { id: 'token-help', class: 'muted' },
      'Paste the JWT printed by ',
      h('code', {}, 'svom user token --name <you> --role <role>'),
      ": scientist (your subscriptions), burst-advocate (retract, confirm), operator (everyone's subscriptions, alarms). It is kept in this tab only.",
    ),
    message,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
      h('button', { type: 'submit', id: 'login-submit' }, 'Log in'),
    ),
  );
  const dialog = h('dialog', { id: 'login-dialog', 'aria-labelledby': 'login-title' }, form);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      logIn(input.value);
      input.value = '';
      message.textContent = '';
      dialog.close();
    } catch (error) {
      message.textContent = (error as Error).message;
    }
  });
  document.body.append(dialog);

  const draw = () => {
    const person = currentPerson();
    slot.replaceChildren(
      person
        ? h(
            'span',
            { class: 'who' },
            h('span', { id: 'who' }, person.sub),
            h('span', { class: 'muted' }, ` (${person.roles.join(', ') || 'no role'})`),
            ' ',
            h('button', { type: 'button', class: 'link', id: 'logout', onclick: () => logOut() }, 'Log out'),
          )
        : h('button', { type: 'button', id: 'login', onclick: () => (dialog.showModal(), input.focus()) }, 'Log in'),
    );
  };
  window.addEventListener('svom:session', draw);
  draw();
}
