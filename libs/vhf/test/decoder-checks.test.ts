import { describe, expect, it } from 'vitest';
import {
  VhfEncodeError,
  decodeFrame,
  encodeFrame,
  encodeMessagePayload,
  packetKey,
  parsePacketKey,
} from '../src/index.js';
import type { DecodedPacket, MessageInput, SequenceFlags } from '../src/index.js';
import { fromHex, standaloneVectors } from './vectors.js';

function vectorPacket(name: string): DecodedPacket {
  const result = decodeFrame(fromHex(standaloneVectors().find((v) => v.name === name)!.hex));
  if (!result.ok) throw new Error(result.detail);
  return result.packet;
}

/** The vector frame with its payload patched, and a fresh CRC so the payload checks run. */
function patched(
  name: string,
  patch: (payload: Uint8Array) => Uint8Array | void,
  sequenceFlags?: SequenceFlags,
): Uint8Array {
  const packet = vectorPacket(name);
  const payload = packet.payload.slice();
  const replaced = patch(payload);
  return encodeFrame({
    apid: packet.apid,
    messageType: packet.messageType,
    sequenceFlags: sequenceFlags ?? packet.sequenceFlags,
    sequenceCount: packet.sequenceCount,
    obt: { seconds: packet.obtSeconds, subseconds: packet.obtSubseconds },
    payload: replaced ?? payload,
  });
}

function rejection(frame: Uint8Array): { code: string; detail: string } {
  const result = decodeFrame(frame);
  if (result.ok) throw new Error('decoded ok');
  return result;
}

describe('BAD_FIELD names the field', () => {
  it.each([
    ['θ over 180°', 'eclairs-alert-first', (p: Uint8Array) => p.set([0x80, 0x00, 0x01], 11), 'thetaDeg'],
    ['an ECLAIRs energy band upside down', 'eclairs-alert-first', (p: Uint8Array) => p.set([30, 20], 23), 'energyKeV'],
    ['an unknown ECLAIRs trigger type', 'eclairs-alert-first', (p: Uint8Array) => p.set([2], 25), 'triggerType'],
    [
      'a GRM energy band upside down',
      'grm-trigger',
      (p: Uint8Array) => p.set([0x13, 0x89, 0x00, 0x0f], 15),
      'energyKeV',
    ],
    ['a GRM quaternion off unit norm', 'grm-trigger', (p: Uint8Array) => p.fill(0, 19, 35), 'attitude'],
    ['an unknown slew status', 'slew-accepted', (p: Uint8Array) => p.set([3], 4), 'status'],
    ['an unknown slew reason', 'slew-accepted', (p: Uint8Array) => p.set([6], 5), 'reason'],
    ['an unknown programme', 'platform-recurrent', (p: Uint8Array) => p.set([4], 35), 'programme'],
    ['a platform quaternion off unit norm', 'platform-recurrent', (p: Uint8Array) => p.set([0x7f], 6), 'attitude'],
    ['a NaN MXT flux', 'mxt-initial', (p: Uint8Array) => p.set([0x7f, 0xc0, 0, 0], 21), 'meanFlux'],
  ])('%s', (_why, name, patch, field) => {
    const { code, detail } = rejection(patched(name, patch));
    expect(code).toBe('BAD_FIELD');
    expect(detail.startsWith(`${field}:`)).toBe(true);
  });

  it('a θ of exactly 180° is fine', () => {
    expect(decodeFrame(patched('eclairs-alert-first', (p) => p.set([0x80, 0, 0], 11))).ok).toBe(true);
  });

  it('a VT count over 10, with a payload of the size it announces', () => {
    const frame = patched('vt-candidates', (p) => {
      const longer = new Uint8Array(11 + 12 * 11);
      longer.set(p.subarray(0, 11));
      longer[10] = 11;
      return longer;
    });
    const { code, detail } = rejection(frame);
    expect(code).toBe('BAD_FIELD');
    expect(detail).toMatch(/^candidates: count 11/);
  });

  it('a fixed-size message not flagged standalone', () => {
    const { code, detail } = rejection(patched('eclairs-alert-first', () => undefined, 'first'));
    expect(code).toBe('BAD_FIELD');
    expect(detail).toMatch(/^sequenceFlags:/);
  });
});

describe('PAYLOAD_SIZE comes before BAD_FIELD', () => {
  it('a VT payload shorter than its count announces', () => {
    expect(rejection(patched('vt-candidates', (p) => p.subarray(0, p.length - 1))).code).toBe('PAYLOAD_SIZE');
  });

  it('a VT count over 10 with the wrong size', () => {
    expect(rejection(patched('vt-candidates', (p) => p.set([11], 10))).code).toBe('PAYLOAD_SIZE');
  });

  it('a bad alert one byte short', () => {
    const frame = patched('eclairs-alert-first', (p) => {
      p.set([0xff, 0xff, 0xff], 11);
      return p.subarray(0, 56);
    });
    expect(rejection(frame).code).toBe('PAYLOAD_SIZE');
  });

  it('a standalone light curve whose size disagrees with its header', () => {
    const frame = encodeFrame({
      apid: 0x320,
      messageType: 3,
      sequenceFlags: 'standalone',
      sequenceCount: 5,
      obt: { seconds: 10, subseconds: 0 },
      payload: new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 250, 0, 2, 1, 0, 7]),
    });
    expect(rejection(frame).code).toBe('PAYLOAD_SIZE');
  });
});

describe('the order of the header checks', () => {
  it('CRC_MISMATCH before UNKNOWN_APID and UNKNOWN_MESSAGE_TYPE', () => {
    const frame = fromHex(standaloneVectors()[0]!.hex);
    frame[1] = 0x99; // unknown APID, CRC not updated
    expect(rejection(frame).code).toBe('CRC_MISMATCH');
    frame[12] = 9;
    expect(rejection(frame).code).toBe('CRC_MISMATCH');
  });

  it('LENGTH_MISMATCH before BAD_VERSION', () => {
    const frame = fromHex(standaloneVectors()[0]!.hex);
    frame[0] = 0xeb;
    frame[5] = 0x10;
    expect(rejection(frame).code).toBe('LENGTH_MISMATCH');
  });

  it('FRAME_TOO_SHORT at 14 bytes, FRAME_TOO_LONG at 257', () => {
    expect(rejection(new Uint8Array(14)).code).toBe('FRAME_TOO_SHORT');
    expect(rejection(new Uint8Array(257)).code).toBe('FRAME_TOO_LONG');
    expect(rejection(new Uint8Array(0)).code).toBe('FRAME_TOO_SHORT');
  });
});

describe('packet key', () => {
  it('is APID, count and exact OBT, and parses back', () => {
    expect(packetKey(0x320, 1201, 0x112490e9, 0x9aa0)).toBe('0320-01201-112490e99aa0');
    expect(packetKey(0x350, 16383, 0xffffffff, 0xffff)).toBe('0350-16383-ffffffffffff');
    expect(parsePacketKey('0320-01201-112490e99aa0')).toEqual({
      apid: 0x320,
      sequenceCount: 1201,
      obtSeconds: 0x112490e9,
      obtSubseconds: 0x9aa0,
    });
    expect(parsePacketKey('0320-16384-112490e99aa0')).toBeNull();
    expect(parsePacketKey('320-01201-112490e99aa0')).toBeNull();
  });

  it('differs for OBTs that round to the same millisecond', () => {
    const a = vectorPacket('slew-accepted');
    const b = decodeFrame(
      encodeFrame({ ...a, obt: { seconds: a.obtSeconds, subseconds: a.obtSubseconds + 1 }, payload: a.payload }),
    );
    expect(b.ok && b.packet.obt).toBe(a.obt);
    expect(b.ok && b.packet.key).not.toBe(a.key);
  });
});

describe('encoders refuse what the wire cannot carry', () => {
  const alert = vectorPacket('eclairs-alert-first') as DecodedPacket & { message: 'alert' };

  it.each([
    ['θ over 180', { thetaDeg: 181 }, 'thetaDeg'],
    ['a negative SNR', { snr: -1 }, 'snr'],
    ['an SNR over 655.35', { snr: 700 }, 'snr'],
    ['an energy band upside down', { energyKeV: [20, 5] }, 'energyKeV'],
    ['a quaternion off unit norm', { attitude: [1, 1, 0, 0] }, 'attitude'],
    ['an unknown trigger type', { triggerType: 'photon' }, 'triggerType'],
    ['a fractional id', { alertSequenceId: 1.5 }, 'alertSequenceId'],
    ['a time before 2017', { triggerTime: '2016-12-31T23:59:59Z' }, 'triggerTime'],
    ['an unparsable time', { triggerTime: 'yesterday' }, 'triggerTime'],
  ])('%s', (_why, change, field) => {
    const input = { message: 'alert', fields: { ...alert.fields, ...change } } as MessageInput;
    let error: unknown;
    try {
      encodeMessagePayload(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VhfEncodeError);
    expect((error as VhfEncodeError).field).toBe(field);
    expect((error as VhfEncodeError).name).toBe('VhfEncodeError');
    expect((error as VhfEncodeError).code).toMatch(/^VHF_/);
  });

  it('more than 10 VT candidates, and a payload over 241 bytes', () => {
    const candidate = { raDeg: 1, decDeg: 2, rMag: 18, bMag: null, errorArcsec: 1 };
    expect(() =>
      encodeMessagePayload({
        message: 'candidates',
        fields: { alertSequenceId: 1, time: '2026-01-01T00:00:00Z', candidates: Array(11).fill(candidate) },
      }),
    ).toThrow(VhfEncodeError);
    expect(() =>
      encodeFrame({
        apid: 0x320,
        messageType: 3,
        sequenceFlags: 'first',
        sequenceCount: 0,
        obt: '2026-01-01T00:00:00Z',
        payload: new Uint8Array(242),
      }),
    ).toThrow(/at most 241/);
  });

  it('writes a quaternion component of exactly 1 as the largest int32', () => {
    const payload = encodeMessagePayload({ message: 'alert', fields: { ...alert.fields, attitude: [1, 0, 0, 0] } });
    expect(new DataView(payload.buffer).getInt32(29)).toBe(0x7fffffff);
  });
});
