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
      // The schema checks what it declares: each required property missing fails.
      const example = contract.example as Record<string, unknown>;
      const required = (contract.schema as { required?: string[] }).required ?? Object.keys(example);
      for (const key of required) {
        const { [key]: _gone, ...without } = example;
        expect(Value.Check(contract.schema!, without), `without ${key}`).toBe(false);
      }
    },
  );

  // docs/schemas.md: adding an optional property keeps the major version, so what the FSC
  // publishes must still read as valid to a reader holding the schema of before.
  test.each(messageCatalog.filter((m) => m.schema).map((m) => [m.subject, m] as const))(
    '%s: a property the schema does not know yet is accepted (the evolution rule)',
    (_s, contract) => {
      expect(Value.Check(contract.schema!, { ...(contract.example as object), addedInV1_1: 'x' })).toBe(true);
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
