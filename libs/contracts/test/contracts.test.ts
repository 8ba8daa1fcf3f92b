import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureStreams, messageCatalog, streamName, subjectsFor, SubjectTokenError } from '@svom/contracts';
import { connectTestNats } from '@svom/contracts/testing';

describe('subjects', () => {
  test('are rooted at the prefix and built from checked tokens', () => {
    expect(subjectsFor().vhf.packet('eclairs', 'alert')).toBe('svom.vhf.packet.eclairs.alert');
    expect(subjectsFor('t1').alerts.notice('mxt-initial_qf3')).toBe('t1.svom.alerts.notice.mxt-initial_qf3');
    for (const bad of ['a.b', '*', '>', 'with space', '']) {
      expect(() => subjectsFor().vhf.station(bad)).toThrow(SubjectTokenError);
    }
  });
});

describe('message catalog', () => {
  test.each(messageCatalog.filter((m) => m.schema).map((m) => [m.subject, m] as const))(
    '%s example matches its schema',
    (_s, contract) => {
      expect(Value.Check(contract.schema!, contract.example)).toBe(true);
      expect(Value.Check(contract.schema!, { ...(contract.example as object), stationId: 42, key: 42 })).toBe(false);
    },
  );
});

describe('streams on the real JetStream', () => {
  let t: Awaited<ReturnType<typeof connectTestNats>>;
  beforeAll(async () => {
    t = await connectTestNats();
  });
  afterAll(() => t?.cleanup());

  test('ensureStreams is idempotent and Nats-Msg-Id de-duplicates', async () => {
    const jsm = await jetstreamManager(t.nc);
    await ensureStreams(jsm, { prefix: t.prefix });
    await ensureStreams(jsm, { prefix: t.prefix });
    const js = jetstream(t.nc);
    const subject = subjectsFor(t.prefix).vhf.packet('grm', 'trigger');
    const first = await js.publish(subject, '{}', { msgID: 'k1' });
    const again = await js.publish(subject, '{}', { msgID: 'k1' });
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    const info = await jsm.streams.info(streamName('VHF', t.prefix));
    expect(info.state.messages).toBe(1);
  });
});
