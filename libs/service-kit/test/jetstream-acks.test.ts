import { jetstreamManager } from '@nats-io/jetstream';
import { ensureStreams, streamName, subjectsFor } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JetStreamAcks } from '@svom/service-kit';

describe('JetStream publishes acknowledged on one inbox', () => {
  let t: Awaited<ReturnType<typeof connectTestNats>>;
  let acks: JetStreamAcks;

  beforeAll(async () => {
    t = await connectTestNats();
    await ensureStreams(await jetstreamManager(t.nc), { prefix: t.prefix }, ['ALERTS']);
    acks = new JetStreamAcks(t.nc);
  });

  afterAll(async () => {
    acks.close();
    await (await jetstreamManager(t.nc)).streams.delete(streamName('ALERTS', t.prefix)).catch(() => false);
    await t.nc.drain();
  });

  test('resolves once the stream holds each message, once per Nats-Msg-Id', async () => {
    const subject = subjectsFor(t.prefix).alerts.voevent('external');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        acks.publish(subject, `<VOEvent n="${i % 25}"/>`, {
          msgId: `m${i % 25}`,
          headers: { 'Svom-Test': 'x' },
          timeoutMs: 2000,
        }),
      ),
    );
    const info = await (await jetstreamManager(t.nc)).streams.info(streamName('ALERTS', t.prefix));
    expect(info.state.messages).toBe(25);
  });

  test('rejects when no stream takes the subject', async () => {
    await expect(
      acks.publish(`${t.prefix}.nowhere`, 'x', { msgId: 'n1', headers: {}, timeoutMs: 2000 }),
    ).rejects.toThrow(/no responders/);
  });
});
