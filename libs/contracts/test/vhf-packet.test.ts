import { readFileSync } from 'node:fs';
import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, test } from 'vitest';
import {
  VHF_PACKET_VARIANTS,
  VhfPacketMessage,
  vhfPacketVariant,
  type EclairsAlertFields,
  type GrmTriggerFields,
  type LightCurveFields,
  type MxtPositionFields,
  type PlatformRecurrentFields,
  type SlewStatusFields,
  type VtCandidatesFields,
} from '@svom/contracts';
import * as vhf from '@svom/vhf';
import { createRng, generateBurst, generatePlatformRecurrent, SequenceCounters } from '@svom/vhf-sim';

// The contract and the codec each name the fields; these fail to compile the day they differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
  Same<PlatformRecurrentFields, vhf.PlatformRecurrentFields>,
  Same<EclairsAlertFields, vhf.EclairsAlertFields>,
  Same<SlewStatusFields, vhf.SlewStatusFields>,
  Same<LightCurveFields, vhf.LightCurveFields>,
  Same<GrmTriggerFields, vhf.GrmTriggerFields>,
  Same<MxtPositionFields, vhf.MxtPositionFields>,
  Same<VtCandidatesFields, vhf.VtCandidatesFields>,
  Same<VhfPacketMessage['source'], vhf.PacketSource>,
] = [true, true, true, true, true, true, true, true];

const header = {
  firstStationId: 'NCL1',
  firstReceivedAt: '2026-03-14T02:10:09.000Z',
  publishedAt: '2026-03-14T02:10:09.010Z',
};

/** The message the ingest publishes for a decoded packet (services/vhf-ingest packet-message.ts). */
function published(p: vhf.DecodedPacket): unknown {
  const standalone = p.sequenceFlags === 'standalone';
  return {
    ...header,
    key: p.key,
    kind: 'packet',
    apid: p.apid,
    source: p.source,
    messageType: p.messageType,
    message: standalone ? p.message : `${p.message}-frame`,
    sequenceFlags: p.sequenceFlags,
    sequenceCount: p.sequenceCount,
    obt: p.obt,
    fields: p.fields ?? { payloadHex: Buffer.from(p.payload).toString('hex') },
  };
}

function decoded(frame: Uint8Array): vhf.DecodedPacket {
  const result = vhf.decodeFrame(frame);
  if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
  return result.packet;
}

function expectValid(message: unknown): void {
  const errors = Value.Errors(VhfPacketMessage, message).slice(0, 3);
  expect(errors, JSON.stringify(message).slice(0, 200)).toEqual([]);
}

describe('svom.vhf.packet: the contract holds what @svom/vhf decodes', () => {
  test('the types agree (checked by the compiler)', () => {
    expect(sameTypes.every(Boolean)).toBe(true);
  });

  test('every ICD test vector, published as the ingest does, matches its variant', () => {
    const frames = JSON.parse(readFileSync(new URL('../../../testdata/vectors/frames.json', import.meta.url), 'utf8'))
      .frames as { name: string; hex?: string; multiFrame?: string[] }[];
    const seen = new Set<string>();
    for (const vector of frames) {
      const packets = (vector.hex ? [vector.hex] : vector.multiFrame!).map((hex) => decoded(Buffer.from(hex, 'hex')));
      for (const p of packets) {
        const message = published(p) as { source: string; message: string };
        expectValid(message);
        seen.add(`${message.source}/${message.message}`);
      }
      if (vector.multiFrame) {
        const joined = vhf.assembleMessage(packets);
        if (!joined.complete) throw new Error(`${vector.name} does not reassemble`);
        const curve = vhf.decodeLightCurve(joined.payload);
        expect(curve.ok).toBe(true);
        const message = { ...(published(packets[0]!) as object), kind: 'message', message: 'light-curve' };
        expectValid({ ...message, fields: curve.ok ? curve.fields : null });
        expectValid({ ...message, fields: { error: { code: 'PAYLOAD_SIZE', detail: 'short' } } });
        seen.add('eclairs/light-curve');
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(VHF_PACKET_VARIANTS).sort());
  });

  test('simulated traffic (200 bursts and their platform packets) matches too', () => {
    const rng = createRng(7);
    const counters = new SequenceCounters();
    for (let i = 0; i < 200; i++) {
      const t0UnixMs = Date.UTC(2026, 2, 14) + i * 3_600_000;
      const frames = [
        ...generatePlatformRecurrent({ rng, counters, fromUnixMs: t0UnixMs - 120_000, toUnixMs: t0UnixMs }),
        ...generateBurst({ rng, counters, t0UnixMs }).frames,
      ];
      for (const { frame } of frames) expectValid(published(decoded(frame)));
    }
  });

  test('a consumer narrows by source and message, and a wrong field is refused with its path', () => {
    const [vector] = JSON.parse(readFileSync(new URL('../../../testdata/vectors/frames.json', import.meta.url), 'utf8'))
      .frames as { hex: string }[];
    const message = published(decoded(Buffer.from(vector!.hex, 'hex')));
    if (!Value.Check(VhfPacketMessage, message)) throw new Error('vector 0 does not match');
    const typed: VhfPacketMessage = message;
    const theta = typed.source === 'eclairs' && typed.message === 'alert' ? typed.fields.thetaDeg : undefined;
    expect(theta).toBeGreaterThan(0);
    const bad = { ...(message as Static<typeof VhfPacketMessage>), fields: { ...typed.fields, thetaDeg: 190 } };
    const variant = vhfPacketVariant('eclairs', 'alert')!;
    expect(Value.Check(variant, bad)).toBe(false);
    expect(Value.Errors(variant, bad).map((e) => e.instancePath)).toContain('/fields/thetaDeg');
    expect(vhfPacketVariant('eclairs', 'unknown')).toBeUndefined();
  });
});
