import { describe, expect, it } from 'vitest';
import {
  assembleMessage,
  decodeBase64Frame,
  decodeFrame,
  decodeLightCurve,
  encodeFrame,
  encodeMessagePayload,
  encodeMultiFrame,
  encodeLightCurvePayload,
  mxtQuality,
} from '../src/index.js';
import type { DecodedPacket, MessageInput } from '../src/index.js';
import { burstRelayed, framesFile, fromHex, standaloneVectors, toHex } from './vectors.js';

/** The smallest step of each field's encoding: decoded values must match within half of it. */
const PRECISION: Record<string, number> = {
  thetaDeg: 360 / 2 ** 24,
  phiDeg: 360 / 2 ** 24,
  raDeg: 360 / 2 ** 24,
  decDeg: 90 / 2 ** 23,
  r90Arcmin: 0.01,
  r90Arcsec: 0.1,
  snr: 0.01,
  timescaleS: 0.01,
  rMag: 0.01,
  bMag: 0.01,
  errorArcsec: 0.01,
  attitude: 2 ** -31,
  meanFlux: 1e-8,
  fluxError: 1e-8,
};

function expectFieldsMatch(actual: unknown, expected: unknown, path: string): void {
  const field = path
    .split('.')
    .at(-1)!
    .replace(/\[\d+\]$/, '');
  if (typeof expected === 'number') {
    const step = PRECISION[field];
    expect(typeof actual, path).toBe('number');
    if (step === undefined) expect(actual, path).toBe(expected);
    else expect(Math.abs((actual as number) - expected), path).toBeLessThanOrEqual(step / 2 + 1e-12);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectFieldsMatch((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) {
      expectFieldsMatch((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else {
    expect(actual, path).toEqual(expected);
  }
}

function decodeOk(bytes: Uint8Array): DecodedPacket {
  const result = decodeFrame(bytes);
  if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
  return result.packet;
}

describe('frames.json: valid frames', () => {
  for (const vector of standaloneVectors()) {
    it(`${vector.name} decodes to its fields`, () => {
      const packet = decodeOk(fromHex(vector.hex));
      expect(packet.apid).toBe(vector.apid);
      expect(packet.messageType).toBe(vector.messageType);
      if (vector.sequenceFlags !== undefined) expect(packet.sequenceFlags).toBe(vector.sequenceFlags);
      if (vector.sequenceCount !== undefined) expect(packet.sequenceCount).toBe(vector.sequenceCount);
      if (vector.obt !== undefined) expect(packet.obt).toBe(vector.obt);
      expect(packet.fields).not.toBeNull();
      expectFieldsMatch(packet.fields, vector.fields, vector.name);
    });

    it(`${vector.name} re-encodes to the same bytes`, () => {
      const packet = decodeOk(fromHex(vector.hex));
      const frame = encodeFrame({
        ...packet,
        obt: { seconds: packet.obtSeconds, subseconds: packet.obtSubseconds },
        payload: encodeMessagePayload(packet as MessageInput),
      });
      expect(toHex(frame)).toBe(vector.hex);
    });
  }

  it('gives the sources, message names and packet keys of the ICD', () => {
    const byName = Object.fromEntries(standaloneVectors().map((v) => [v.name, decodeOk(fromHex(v.hex))]));
    expect(byName['eclairs-alert-first']).toMatchObject({
      source: 'eclairs',
      message: 'alert',
      key: '0320-01201-112490e99aa0',
      obtSeconds: 0x112490e9,
      obtSubseconds: 0x9aa0,
    });
    expect(byName['slew-accepted']).toMatchObject({ source: 'eclairs', message: 'slew-status' });
    expect(byName['grm-trigger']).toMatchObject({ source: 'grm', message: 'trigger' });
    expect(byName['mxt-initial']).toMatchObject({ source: 'mxt', message: 'position' });
    expect(byName['vt-candidates']).toMatchObject({ source: 'vt', message: 'candidates' });
    expect(byName['platform-recurrent']).toMatchObject({ source: 'platform', message: 'recurrent' });
  });

  it('derives the MXT quality of ICD section 7', () => {
    expect([40, 40.1, 90, 90.1, 130, 130.1].map(mxtQuality)).toEqual([4, 3, 3, 2, 2, 1]);
  });
});

describe('frames.json: multi-frame light curve', () => {
  const vector = framesFile.frames.find((f) => f.multiFrame !== undefined)!;
  const frames = vector.multiFrame!.map(fromHex);

  it('decodes each frame header and keeps the raw payload', () => {
    const packets = frames.map(decodeOk);
    expect(packets.map((p) => p.sequenceFlags)).toEqual(['first', 'continuation', 'continuation', 'last']);
    expect(packets.map((p) => p.sequenceCount)).toEqual([1300, 1301, 1302, 1303]);
    for (const p of packets) {
      expect(p.message).toBe('light-curve');
      expect(p.fields).toBeNull();
      expect(p.payload.length).toBe(frames[packets.indexOf(p)]!.length - 15);
    }
  });

  it('reassembles in any order and decodes to its fields', () => {
    const packets = frames.map(decodeOk).reverse();
    const assembled = assembleMessage(packets);
    expect(assembled.complete).toBe(true);
    if (!assembled.complete) return;
    expect([assembled.firstCount, assembled.lastCount, assembled.frameCount]).toEqual([1300, 1303, 4]);
    const result = decodeLightCurve(assembled.payload);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = vector.fields as Record<string, unknown>;
    const { counts, ...rest } = result.fields;
    expect(rest).toEqual({
      alertSequenceId: expected['alertSequenceId'],
      start: expected['start'],
      binMs: expected['binMs'],
      bins: expected['bins'],
      bands: expected['bands'],
    });
    expect(counts.length).toBe(expected['bins']);
    expect(counts.every((row) => row.length === expected['bands'])).toBe(true);
    expect(counts.slice(0, 3)).toEqual(expected['countsFirstBins']);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(expected['countsTotal']);
  });

  it('re-encodes into the same frames', () => {
    const first = decodeOk(frames[0]!);
    const assembled = assembleMessage(frames.map(decodeOk));
    if (!assembled.complete) throw new Error('incomplete');
    const lc = decodeLightCurve(assembled.payload);
    if (!lc.ok) throw new Error(lc.detail);
    const again = encodeMultiFrame({
      apid: first.apid,
      messageType: first.messageType,
      firstSequenceCount: first.sequenceCount,
      obt: { seconds: first.obtSeconds, subseconds: first.obtSubseconds },
      frameIntervalMs: 1000,
      payload: encodeLightCurvePayload(lc.fields),
      maxPayloadBytesPerFrame: first.payload.length,
    });
    expect(again.map(toHex)).toEqual(vector.multiFrame);
  });

  it('rejects a joined payload whose size disagrees with its header', () => {
    const assembled = assembleMessage(frames.map(decodeOk));
    if (!assembled.complete) throw new Error('incomplete');
    const result = decodeLightCurve(assembled.payload.subarray(0, assembled.payload.length - 2));
    expect(result).toMatchObject({ ok: false, code: 'PAYLOAD_SIZE' });
    expect(decodeLightCurve(new Uint8Array(3))).toMatchObject({ ok: false, code: 'PAYLOAD_SIZE' });
  });
});

describe('frames.json: rejected frames', () => {
  for (const vector of framesFile.rejected) {
    it(`gets ${vector.code}`, () => {
      const result = decodeFrame(fromHex(vector.hex));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe(vector.code);
        expect(result.detail.length).toBeGreaterThan(0);
      }
    });
  }

  it('names the field of a BAD_FIELD', () => {
    const vector = framesFile.rejected.find((r) => r.code === 'BAD_FIELD')!;
    const result = decodeFrame(fromHex(vector.hex));
    expect(!result.ok && result.detail.startsWith('attitude:')).toBe(true);
  });
});

describe('burst-relayed.json', () => {
  it('decodes every intact reception; its distinct packet keys are the expected frames', () => {
    const keys = new Set<string>();
    const rejected: string[] = [];
    for (const reception of burstRelayed.receptions) {
      const result = decodeBase64Frame(reception.frame);
      if (result.ok) keys.add(result.packet.key);
      else rejected.push(result.code);
    }
    expect(keys.size).toBe(burstRelayed.expect.frames);
    expect(rejected.every((code) => code === 'CRC_MISMATCH')).toBe(true);
  });

  it('carries the expected alert sequence id and T0', () => {
    const alerts = burstRelayed.receptions
      .map((r) => decodeBase64Frame(r.frame))
      .flatMap((r) => (r.ok && r.packet.message === 'alert' ? [r.packet.fields] : []));
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.alertSequenceId).toBe(burstRelayed.expect.alertSequenceId);
      expect(alert.triggerTime).toBe(burstRelayed.expect.t0);
    }
  });
});
