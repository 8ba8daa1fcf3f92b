import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_STREAM_MAX_BYTES, ensureStreams, streamName, subjectsFor } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';

// Issue 16 item 7: every stream is capped in bytes as well as in age, so a flood on one stream
// (VTP authors on ALERTS) loses its own oldest messages instead of filling JetStream for all.
describe('stream size caps on the real JetStream', () => {
  let t: Awaited<ReturnType<typeof connectTestNats>>;
  beforeAll(async () => {
    t = await connectTestNats();
  });
  afterAll(() => t?.cleanup());

  test('each stream has max_bytes (the default, or as configured); a flood drops its own oldest', async () => {
    const jsm = await jetstreamManager(t.nc);
    await ensureStreams(jsm, { prefix: t.prefix }, ['VHF']);
    expect((await jsm.streams.info(streamName('VHF', t.prefix))).config.max_bytes).toBe(DEFAULT_STREAM_MAX_BYTES);

    const cap = 256 * 1024;
    await ensureStreams(jsm, { prefix: t.prefix, maxBytes: cap }, ['VHF', 'ALERTS']);
    const alerts = await jsm.streams.info(streamName('ALERTS', t.prefix));
    expect(alerts.config.max_bytes).toBe(cap);
    expect(alerts.config.max_age).toBeGreaterThan(0);

    const js = jetstream(t.nc);
    const subject = subjectsFor(t.prefix).vhf.packet('grm', 'trigger');
    const payload = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 40; i++) await js.publish(subject, payload, { msgID: `flood-${i}` });
    const vhf = await jsm.streams.info(streamName('VHF', t.prefix));
    console.log(
      `640 KiB published into a ${cap / 1024} KiB stream → ${vhf.state.bytes} bytes kept, first seq ${vhf.state.first_seq}`,
    );
    expect(vhf.state.bytes).toBeLessThanOrEqual(cap);
    expect(vhf.state.first_seq).toBeGreaterThan(1);
    expect(vhf.state.last_seq).toBe(40);
  });
});
