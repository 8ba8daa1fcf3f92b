// Reloads the page when its module graph failed to load (a module fetch cut on the way: the
// browser cancels what is in flight when the machine's network changes, net::ERR_NETWORK_CHANGED).
// Such a page runs no script at all, so the retry cannot live in the modules. A classic script,
// not inline (the Content-Security-Policy allows none). main.ts clears the count once it runs.

window.addEventListener(
  'error',
  (event) => {
    const script = event.target;
    if (!(script instanceof HTMLScriptElement) || script.type !== 'module') return;
    const tries = Number(sessionStorage.getItem('svom.bootRetries') || 0);
    if (tries >= 3) return;
    sessionStorage.setItem('svom.bootRetries', String(tries + 1));
    setTimeout(() => location.reload(), 500 * 2 ** tries);
  },
  true,
);
