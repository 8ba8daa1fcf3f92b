/**
 * Whether a request's Accept header admits `text/event-stream`, as `@fastify/sse` decides it for
 * an `sse: 'only'` route (lenient: no header, `*\/*` and `text/*` admit; the most specific range
 * wins, and `q=0` refuses). The kit asks first, in `SseClients.admission`, so a refused client
 * gets the FSC's problem+json 406 rather than the plugin's own JSON; the plugin's check then
 * never refuses. The plugin does not export its function, hence this copy of its rule.
 */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return true;
  // The most specific range seen (3 text/event-stream, 2 text/*, 1 */*) decides; a later range as
  // specific does not override it, but an admitting text/event-stream always admits.
  let best = 0;
  let refusedByBest = false;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim());
    const t = type.toLowerCase();
    const specificity = t === 'text/event-stream' ? 3 : t === 'text/*' ? 2 : t === '*/*' ? 1 : 0;
    if (specificity === 0) continue;
    const refused = params.some((p) => /^q=0(\.0*)?$/i.test(p));
    if (specificity === 3 && !refused) return true;
    if (specificity > best) {
      best = specificity;
      refusedByBest = refused;
    }
  }
  return best > 0 && !refusedByBest;
}
