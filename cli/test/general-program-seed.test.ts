import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, operatorAuth, secret, startScheduler } from '../../services/scheduler/test/helper.js';
import { seedGeneralProgram } from '../src/simulate/general-program-seed.js';

/** What `npm start -- --simulate` gives the scheduler, against a real one on a real port. */
describe('the simulated general program', () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startScheduler();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => h?.close());

  it("uploads today's orbit, submits and accepts the requests once, and plans the next day with them", async () => {
    const now = new Date();
    const first = await seedGeneralProgram({ url, jwtSecret: secret, now });
    expect(first.submitted).toBe(13);

    const tle = (await h.app.inject({ url: '/v1/orbit/tle' })).json();
    expect(tle.name).toBe('SVOM (simulated)');
    expect(Math.abs(Date.parse(tle.epoch) - now.getTime())).toBeLessThan(86_400_000);

    const plan = (await h.app.inject({ url: `/v1/plans/${first.planId}`, headers: operatorAuth() })).json();
    expect(plan.status).toBe('active');
    const observed = new Set(
      plan.entries
        .filter((e: { kind: string }) => e.kind === 'observation')
        .map((e: { requestId: string }) => e.requestId),
    );
    // Most fields are observable on a given day; the Sun and the Moon take a few.
    expect(observed.size).toBeGreaterThanOrEqual(6);
    expect(plan.requests).toHaveLength(13);

    const second = await seedGeneralProgram({ url, jwtSecret: secret, now });
    expect(second.submitted).toBe(0);
    expect(second.planId).not.toBe(first.planId);
    const requests = (await h.app.inject({ url: '/v1/requests', headers: operatorAuth() })).json().requests;
    expect(requests).toHaveLength(13);
    expect(requests.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
  });
});
