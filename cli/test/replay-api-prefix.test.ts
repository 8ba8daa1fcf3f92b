import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PUBLIC_JS_API_PREFIX } from '@svom/contracts';
import { testNatsUrl } from '@svom/contracts/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPrefixOf } from '../src/listen/nats-replay-source.js';

/** Which JetStream API `svom listen --nats --since/--from-seq` uses, on the machine's real nats-server. */
describe('the replay API prefix', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl });
  });
  afterAll(() => nc?.close());

  it('is the server own $JS.API at once when nothing answers the PUBLIC import (a development server)', async () => {
    // No responders is an answer, not a timeout: with a probe that would wait 10 minutes, the
    // answer still comes within the test's own timeout.
    expect(await apiPrefixOf(nc, `NOTICES_${Date.now()}`, 5, 600_000)).toBe('$JS.API');
  }, 10_000);

  it('is the PUBLIC import when it answers late, as JetStream does while electing leaders', async () => {
    const stream = `NOTICES_${Date.now()}`;
    let asked = 0;
    // The first probe is left unanswered (its 3 s timeout passes), the second answered.
    const sub = nc.subscribe(`${PUBLIC_JS_API_PREFIX}.STREAM.INFO.${stream}`, {
      callback: (_error, msg) => {
        if (++asked > 1) msg.respond('{}');
      },
    });
    try {
      expect(await apiPrefixOf(nc, stream)).toBe(PUBLIC_JS_API_PREFIX);
      expect(asked).toBe(2);
    } finally {
      sub.unsubscribe();
    }
  });
});
