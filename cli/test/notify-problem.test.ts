/**
 * notify's refusals as `svom subscription` says them: the option at fault named, and whatever a
 * server sends in the problem's place (it comes from the network) said without a crash.
 */
import { describe, expect, test } from 'vitest';
import { optionNamer, refusal } from '../src/subscriptions/notify-problem.js';

const reply = (status: number, body: string) => ({ status, body, json: () => JSON.parse(body) });
const named = optionNamer(() => true);

describe("notify's refusals", () => {
  test('the field becomes the option that set it; exit 1, or 3 when the service did not answer', () => {
    const error = refusal(
      'adding the subscription',
      reply(422, '{"code":"NOTIFY_WEBHOOK_TARGET_REFUSED","detail":"refused: link-local","field":"/body/channel/url"}'),
      named,
    );
    expect(error.message).toBe(
      'adding the subscription: --webhook: refused: link-local (422 NOTIFY_WEBHOOK_TARGET_REFUSED)',
    );
    expect(error.exitCode).toBe(1);
    expect(refusal('listing', reply(503, 'busy'), named).exitCode).toBe(3);
  });

  test('hostile problems: a field or errors of another type, or no JSON at all, give one line', () => {
    for (const body of [
      '{"detail":"d","field":5,"errors":"many"}',
      '{"detail":{"nested":true},"field":["/body/name"],"errors":null}',
      'not json',
    ]) {
      const error = refusal('changing the subscription', reply(400, body), named);
      expect(error.message, body).toMatch(/^changing the subscription: /);
      expect(error.message).not.toContain('\n');
    }
  });
});
