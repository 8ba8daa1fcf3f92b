// One EventSource to the web service's /events for the whole page. The browser reconnects on
// its own; each `ready` (first or after a reconnection) tells the view to re-read its data,
// since what happened while the stream was down is not replayed.

export type LiveEvent = { event: 'burst' | 'station' | 'plan' | 'followup' | 'ready'; data: any };
export type LiveState = 'connecting' | 'live' | 'reconnecting';

export function connectLive(onEvent: (e: LiveEvent) => void, onState: (state: LiveState) => void): () => void {
  const source = new EventSource('/events');
  onState('connecting');
  const parse = (name: LiveEvent['event']) => (m: MessageEvent<string>) => {
    let data: unknown = null;
    try {
      data = JSON.parse(m.data);
    } catch {
      // keep null: the event name is enough to refresh
    }
    onEvent({ event: name, data });
  };
  source.addEventListener('ready', (m) => {
    onState('live');
    parse('ready')(m);
  });
  for (const name of ['burst', 'station', 'plan', 'followup'] as const) source.addEventListener(name, parse(name));
  source.addEventListener('error', () =>
    onState(source.readyState === EventSource.CLOSED ? 'reconnecting' : 'reconnecting'),
  );
  return () => source.close();
}

/** Calls `fn` at most once per `waitMs`, at the end of a burst of calls (a flurry of notices). */
export function debounce(fn: () => void, waitMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, waitMs);
  };
}
