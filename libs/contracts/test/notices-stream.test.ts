import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureStreams, streamConfigs, streamName, subjectsFor } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';

// NOTICES, what outside subscribers replay, is sourced from ALERTS (a filtered mirror lost a
// notice at 3 replicas on nats-server 2.9), and a NOTICES left as a mirror by an earlier version
// is made again as a source, with every notice ALERTS holds.
describe('the NOTICES stream on the real JetStream', () => {
  let t: Awaited<ReturnType<typeof connectTestNats>>;
  beforeAll(async () => {
    t = await connectTestNats();
  });
  afterAll(() => t?.cleanup());

  test('holds the JSON notices of ALERTS only, in order; a mirror from before is replaced by the source', async () => {
    const jsm = await jetstreamManager(t.nc);
    const s = subjectsFor(t.prefix);
    const notices = streamName('NOTICES', t.prefix);
    await ensureStreams(jsm, { prefix: t.prefix }, ['ALERTS']);
    // NOTICES as the previous version made it: a filtered mirror.
    const { sources, ...config } = streamConfigs({ prefix: t.prefix }).NOTICES;
    await jsm.streams.add({ ...config, mirror: sources![0] });
    const js = jetstream(t.nc);
    for (let i = 1; i <= 5; i++) {
      await js.publish(s.alerts.notice('mxt-update_qf3'), JSON.stringify({ record_number: i }), { msgID: `n${i}` });
      await js.publish(s.alerts.voevent('mxt-update_qf3'), `<xml ${i}/>`, { msgID: `x${i}` });
    }

    await ensureStreams(jsm, { prefix: t.prefix }, ['NOTICES']);
    const info = await jsm.streams.info(notices);
    expect(info.config.mirror ?? null).toBeNull();
    expect(info.config.sources?.map((source) => source.name)).toEqual([streamName('ALERTS', t.prefix)]);
    await expect.poll(async () => (await jsm.streams.info(notices)).state.messages, { timeout: 10_000 }).toBe(5);
    const kept: unknown[] = [];
    for (let seq = 1; seq <= 5; seq++) kept.push((await jsm.streams.getMessage(notices, { seq }))?.json());
    expect(kept).toEqual([1, 2, 3, 4, 5].map((record_number) => ({ record_number })));
    // Safe at every start: a second call keeps the stream and its messages.
    await ensureStreams(jsm, { prefix: t.prefix }, ['NOTICES']);
    expect((await jsm.streams.info(notices)).state.messages).toBe(5);
  });
});
