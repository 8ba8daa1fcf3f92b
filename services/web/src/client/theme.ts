import { h } from './dom.js';

// The page follows the system's light or dark setting; the button overrides it for this browser.
const KEY = 'svom.theme';

export function themeControl(slot: HTMLElement): void {
  const apply = (theme: string | null) => {
    if (theme) document.documentElement.dataset['theme'] = theme;
    else delete document.documentElement.dataset['theme'];
  };
  apply(localStorage.getItem(KEY));
  const isDark = () =>
    (document.documentElement.dataset['theme'] ??
      (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) === 'dark';
  const button = h('button', { type: 'button', class: 'icon', id: 'theme-toggle' });
  const label = () => {
    button.textContent = isDark() ? '☀' : '☾';
    button.setAttribute('aria-label', isDark() ? 'Switch to light theme' : 'Switch to dark theme');
    button.title = button.getAttribute('aria-label')!;
  };
  button.addEventListener('click', () => {
    const next = isDark() ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    apply(next);
    label();
  });
  label();
  slot.replaceChildren(button);
}
