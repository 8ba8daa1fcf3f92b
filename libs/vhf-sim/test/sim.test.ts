import { describe, expect, it } from 'vitest';
import { angularSeparationDeg, burstDirection } from '@svom/astro';
import {
  assembleMessage,
  decodeBase64Frame,
  decodeFrame,
  decodeLightCurve,
  groupSegments,
  type DecodedPacket,
} from '@svom/vhf';
import { SequenceCounters, createRng, generateBurst, generatePlatformRecurrent, relayFrames } from '../src/index.js';

const T0 = Date.UTC(2026, 2, 14, 2, 10, 5, 250);

function decodeAll(frames: readonly { frame: Uint8Array }[]): DecodedPacket[] {
  return frames.map(({ frame }) => {
    const result = decodeFrame(frame);
    if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
    return result.packet;
  });
}

describe('generateBurst', () => {
  it('is deterministic for a seed', () => {
    const a = generateBurst({ rng: createRng(7), counters: new SequenceCounters(), t0UnixMs: T0 });
    const b = generateBurst({ rng: createRng(7), counters: new SequenceCounters(), t0UnixMs: T0 });
    expect(a.frames.map((f) => f.key)).toEqual(b.frames.map((f) => f.key));
    const c = generateBurst({ rng: createRng(8), counters: new SequenceCounters(), t0UnixMs: T0 });
    expect(c.alertSequenceId).not.toBe(a.alertSequenceId);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: frames that decode, in a realistic and consistent sequence`, () => {
      const burst = generateBurst({
        rng: createRng(seed),
        counters: new SequenceCounters({ 800: 16381 }),
        t0UnixMs: T0,
        slewAcceptProbability: 1,
      });
      const packets = decodeAll(burst.frames);
      const alerts = packets.flatMap((p) => (p.message === 'alert' ? [p.fields] : []));
      expect(alerts.map((a) => a.messageCount)).toEqual(alerts.map((_, i) => i));
      expect(alerts.length).toBeGreaterThanOrEqual(2);
      for (const alert of alerts) {
        expect(alert.alertSequenceId).toBe(burst.alertSequenceId);
        expect(alert.triggerTime).toBe(burst.t0);
        // (θ, φ) through the attitude point back at the burst, within the error radius.
        const sky = burstDirection(alert.thetaDeg, alert.phiDeg, alert.attitude);
        expect(angularSeparationDeg(sky.raDeg, sky.decDeg, burst.raDeg, burst.decDeg) * 60).toBeLessThanOrEqual(
          alert.r90Arcmin,
        );
      }
      const obts = burst.frames.map((f) => f.obtUnixMs);
      expect(obts).toEqual([...obts].sort((x, y) => x - y));
      const first = packets.find((p) => p.message === 'alert')!;
      expect(Date.parse(first.obt) - T0).toBeGreaterThan(0);
      expect(packets.some((p) => p.message === 'slew-status')).toBe(true);

      // Counts per APID increase by one in OBT order, wrapping past 16383.
      const eclairs = packets.filter((p) => p.apid === 0x320);
      eclairs.slice(1).forEach((p, i) => expect(p.sequenceCount).toBe((eclairs[i]!.sequenceCount + 1) % 16384));
      expect(eclairs.some((p) => p.sequenceCount === 0)).toBe(true);

      // The light curve spans several frames and reassembles.
      const segments = packets.filter((p) => p.message === 'light-curve');
      expect(segments.length).toBeGreaterThan(1);
      const assembled = assembleMessage([...segments].reverse());
      if (!assembled.complete) throw new Error('light curve incomplete');
      const lc = decodeLightCurve(assembled.payload);
      expect(lc.ok && lc.fields.alertSequenceId).toBe(burst.alertSequenceId);

      // After an accepted slew (a slew is not always requested): MXT minutes later, near the
      // burst, then VT.
      const mxt = packets.flatMap((p) => (p.message === 'position' ? [p] : []));
      expect(mxt.length >= 1).toBe(burst.slewStatus === 'accepted');
      if (burst.slewStatus !== 'accepted') return;
      expect(Date.parse(mxt[0]!.obt) - T0).toBeGreaterThan(120_000);
      for (const m of mxt) {
        expect(
          angularSeparationDeg(m.fields.raDeg, m.fields.decDeg, burst.raDeg, burst.decDeg) * 3600,
        ).toBeLessThanOrEqual(m.fields.r90Arcsec);
      }
      expect(packets.some((p) => p.message === 'candidates')).toBe(true);
    });
  }

  it('requests and gets most slews when accepting all requested ones', () => {
    const statuses = [...Array(20).keys()].map(
      (seed) =>
        generateBurst({
          rng: createRng(seed),
          counters: new SequenceCounters(),
          t0UnixMs: T0,
          slewAcceptProbability: 1,
        }).slewStatus,
    );
    expect(statuses.filter((s) => s === 'accepted').length).toBeGreaterThanOrEqual(14);
    expect(statuses.every((s) => s === 'accepted' || s === 'not-requested')).toBe(true);
  });

  it('puts a GRM trigger within 10 s of T0 when GRM triggers', () => {
    const burst = generateBurst({
      rng: createRng(11),
      counters: new SequenceCounters(),
      t0UnixMs: T0,
      grmProbability: 1,
    });
    const grm = decodeAll(burst.frames).flatMap((p) => (p.message === 'trigger' ? [p.fields] : []));
    expect(grm).toHaveLength(1);
    expect(Math.abs(Date.parse(grm[0]!.triggerTime) - T0)).toBeLessThanOrEqual(10_000);
  });

  it('sends no MXT or VT when the slew is not accepted', () => {
    const burst = generateBurst({
      rng: createRng(12),
      counters: new SequenceCounters(),
      t0UnixMs: T0,
      slewAcceptProbability: 0,
    });
    const messages = decodeAll(burst.frames).map((p) => p.message);
    expect(messages).not.toContain('position');
    expect(messages).not.toContain('candidates');
  });
});

describe('generatePlatformRecurrent', () => {
  it('makes one packet a minute with counts that wrap', () => {
    const frames = generatePlatformRecurrent({
      rng: createRng(3),
      counters: new SequenceCounters({ 784: 16382 }),
      fromUnixMs: T0,
      toUnixMs: T0 + 10 * 60_000,
    });
    const packets = decodeAll(frames);
    expect(packets).toHaveLength(10);
    expect(packets.map((p) => p.sequenceCount).slice(0, 4)).toEqual([16382, 16383, 0, 1]);
    expect(Date.parse(packets[1]!.obt) - Date.parse(packets[0]!.obt)).toBe(60_000);
    for (const p of packets) {
      if (p.message !== 'recurrent') throw new Error('not recurrent');
      expect(Math.hypot(...p.fields.positionM) / 1000).toBeCloseTo(7003.137, 0);
    }
  });
});

describe('relayFrames', () => {
  const burst = generateBurst({ rng: createRng(21), counters: new SequenceCounters(), t0UnixMs: T0 });

  it('makes ~3 receptions per frame from distinct stations, late by 2-15 s, RSSI -125..-90', () => {
    const { receptions } = relayFrames(burst.frames, { rng: createRng(5), damageProbability: 0 });
    expect(receptions.length / burst.frames.length).toBeGreaterThan(1.5);
    expect(receptions.length / burst.frames.length).toBeLessThan(5);
    const byKey = new Map<string, string[]>();
    for (const r of receptions) {
      const decoded = decodeBase64Frame(r.frame);
      if (!decoded.ok) throw new Error(decoded.code);
      const latencyMs = Date.parse(r.receivedAt) - Date.parse(decoded.packet.obt);
      expect(latencyMs).toBeGreaterThanOrEqual(1999);
      expect(latencyMs).toBeLessThanOrEqual(15_001);
      expect(r.rssiDbm).toBeGreaterThanOrEqual(-125);
      expect(r.rssiDbm).toBeLessThanOrEqual(-90);
      byKey.set(decoded.packet.key, [...(byKey.get(decoded.packet.key) ?? []), r.stationId]);
    }
    expect(byKey.size).toBe(burst.frames.length);
    for (const stations of byKey.values()) expect(new Set(stations).size).toBe(stations.length);
  });

  it('shuffles the receptions', () => {
    const { receptions } = relayFrames(burst.frames, { rng: createRng(6) });
    const times = receptions.map((r) => Date.parse(r.receivedAt));
    expect(times).not.toEqual([...times].sort((a, b) => a - b));
  });

  it('damaged copies fail their CRC, and every frame still arrives intact', () => {
    const { receptions, damaged } = relayFrames(burst.frames, { rng: createRng(9), damageProbability: 0.3 });
    expect(damaged).toBeGreaterThan(0);
    const results = receptions.map((r) => decodeBase64Frame(r.frame));
    const rejected = results.filter((r) => !r.ok);
    expect(rejected).toHaveLength(damaged);
    expect(rejected.every((r) => !r.ok && r.code === 'CRC_MISMATCH')).toBe(true);
    const keys = new Set(results.flatMap((r) => (r.ok ? [r.packet.key] : [])));
    expect(keys).toEqual(new Set(burst.frames.map((f) => f.key)));
  });

  it('the intact receptions regroup into the burst light curve', () => {
    const { receptions } = relayFrames(burst.frames, { rng: createRng(10), damageProbability: 0.2 });
    const segments = receptions
      .map((r) => decodeBase64Frame(r.frame))
      .flatMap((r) => (r.ok && r.packet.message === 'light-curve' ? [r.packet] : []));
    const groups = groupSegments(segments);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.result.complete).toBe(true);
  });
});
