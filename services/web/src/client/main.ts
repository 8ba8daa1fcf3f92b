// The dashboard's entry: a hash router over its pages, one live event stream, login and theme.
import { connectLive, type LiveState } from './live.js';
import { loginControl } from './login.js';
import { themeControl } from './theme.js';
import { burstView } from './views/burst.view.js';
import { burstsView } from './views/bursts.view.js';
import { alarmsView } from './views/alarms.view.js';
import { planView } from './views/plan.view.js';
import { stationsView } from './views/stations.view.js';
import { subscriptionView } from './views/subscription.view.js';
import { subscriptionsView } from './views/subscriptions.view.js';
import type { View, ViewFactory } from './views/view.js';

const ROUTES: Array<[RegExp, ViewFactory, string]> = [
  [/^\/bursts\/(sb\d{8})$/, burstView, 'bursts'],
  [/^\/stations$/, stationsView, 'stations'],
  [/^\/plan$/, planView, 'plan'],
  [/^\/subscriptions\/(sub_[A-Za-z0-9_-]{1,64})$/, subscriptionView, 'subscriptions'],
  [/^\/subscriptions$/, subscriptionsView, 'subscriptions'],
  [/^\/alarms$/, alarmsView, 'alarms'],
  [/^\/?$/, burstsView, 'bursts'],
];

const main = document.getElementById('main')!;
let current: View | undefined;

function route(): void {
  const path = location.hash.replace(/^#/, '') || '/';
  const match = ROUTES.map(([re, view, nav]) => ({ m: re.exec(path), view, nav })).find((r) => r.m);
  current?.dispose?.();
  if (!match) {
    main.replaceChildren(Object.assign(document.createElement('h1'), { textContent: 'Not found' }));
    return;
  }
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.primary a')) {
    if (a.dataset['nav'] === match.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  current = match.view(main, match.m!.slice(1));
  document.title = `${current.title} · SVOM FSC`;
  // Move focus to the new page so keyboard and screen-reader users land on it.
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

const liveBadge = document.getElementById('live')!;
const LABELS: Record<LiveState, string> = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' };
connectLive(
  (e) => current?.onLive?.(e),
  (state, retryInMs) => {
    liveBadge.dataset['state'] = state;
    liveBadge.textContent = LABELS[state];
    // When the next attempt is made (a time, not a countdown that would go stale).
    if (retryInMs !== undefined)
      liveBadge.title = `next attempt at ${new Date(Date.now() + retryInMs).toLocaleTimeString()}`;
    else liveBadge.removeAttribute('title');
  },
);

loginControl(document.getElementById('login-slot')!);
themeControl(document.getElementById('theme-slot')!);
window.addEventListener('hashchange', route);
route();
// The modules loaded: public/boot-retry.js may reload again next time something fails.
sessionStorage.removeItem('svom.bootRetries');
