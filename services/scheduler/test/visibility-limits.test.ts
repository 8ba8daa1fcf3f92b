import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ANONYMOUS_VISIBILITY_DAYS } from '../src/routes/visibility.route.js';
import { scientistAuth, startScheduler, type Harness } from './helper.js';

// Issue 16 item 7: the public visibility route cannot be made to burn the event loop by anyone.
describe('GET /v1/visibility: what anonymous callers may ask', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScheduler();
  });
  afterAll(async () => h?.close());

  const from = '2026-03-01T00:00:00.000Z';
  const url = (fromIso: string, days: number) =>
    `/v1/visibility?ra=120&dec=60&from=${fromIso}&to=${new Date(Date.parse(fromIso) + days * 86_400_000).toISOString()}`;

  test(`spans over ${ANONYMOUS_VISIBILITY_DAYS} days need a person's token; with one, 14 days answer`, async () => {
    const anonymous = await h.app.inject({ url: url(from, 14) });
    expect(anonymous.statusCode).toBe(400);
    expect(anonymous.json()).toMatchObject({ field: '/querystring/to' });
    expect(anonymous.json().detail).toContain("person's token");
    const forged = await h.app.inject({ url: url(from, 14), headers: { authorization: 'Bearer x.y.z' } });
    expect(forged.statusCode).toBe(400);
    const signedIn = await h.app.inject({ url: url(from, 14), headers: scientistAuth() });
    expect(signedIn.statusCode).toBe(200);
    expect((await h.app.inject({ url: url(from, ANONYMOUS_VISIBILITY_DAYS) })).statusCode).toBe(200);
  });

  test('callers a millisecond apart share one cached ephemeris, and windows stay inside [from, to]', async () => {
    const cache = (h.app.runtime.orbit as unknown as { ephemerides: Map<string, unknown> }).ephemerides;
    const base = Date.parse('2026-03-02T00:00:00.000Z');
    const first = await h.app.inject({ url: url(new Date(base + 1).toISOString(), 1) });
    const size = cache.size;
    for (let ms = 2; ms < 6; ms++) {
      const res = await h.app.inject({ url: url(new Date(base + ms).toISOString(), 1) });
      expect(res.statusCode).toBe(200);
      // Same grid start; the span may round up by one step at most.
      expect(cache.size).toBeLessThanOrEqual(size + 1);
    }
    const body = first.json() as { windows: Array<{ start: string; end: string }>; from: string; to: string };
    for (const w of body.windows) {
      expect(Date.parse(w.start)).toBeGreaterThanOrEqual(Date.parse(body.from));
      expect(Date.parse(w.end)).toBeLessThanOrEqual(Date.parse(body.to));
    }
  });
});
