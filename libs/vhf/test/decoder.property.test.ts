import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REJECTION_CODES,
  decodeBase64Frame,
  decodeFrame,
  encodeBase64,
  encodeFrame,
  encodeMessageFrames,
} from '../src/index.js';
import { frameHeader, messageInput } from './arbitraries.js';
import { framesFile, fromHex, standaloneVectors } from './vectors.js';

const validFrames = [
  ...standaloneVectors().map((v) => fromHex(v.hex)),
  ...framesFile.frames.flatMap((v) => (v.multiFrame ?? []).map(fromHex)),
];
const validFrame = fc.constantFrom(...validFrames);

function isWellFormedResult(result: ReturnType<typeof decodeFrame>): boolean {
  return result.ok
    ? typeof result.packet.key === 'string'
    : REJECTION_CODES.includes(result.code) && typeof result.detail === 'string';
}

describe('decodeFrame never throws', () => {
  it('on random bytes of any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        expect(isWellFormedResult(decodeFrame(bytes))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('on random bytes with a valid header, length and CRC (so the payload checks run)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x310, 0x320, 0x330, 0x340, 0x350),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.uint8Array({ minLength: 0, maxLength: 241 }),
        (apid, messageType, flagBits, payload) => {
          const flags = (['continuation', 'first', 'last', 'standalone'] as const)[flagBits]!;
          const frames = encodeMessageFramesRaw(apid, messageType, flags, payload);
          const result = decodeFrame(frames);
          expect(isWellFormedResult(result)).toBe(true);
          if (!result.ok) expect(['UNKNOWN_MESSAGE_TYPE', 'PAYLOAD_SIZE', 'BAD_FIELD']).toContain(result.code);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('on valid frames with random byte changes, truncations and extensions', () => {
    fc.assert(
      fc.property(
        validFrame,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.integer({ min: -20, max: 20 }),
        (frame, edits, resize) => {
          const bytes = new Uint8Array(Math.max(0, frame.length + resize));
          bytes.set(frame.subarray(0, bytes.length));
          for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
          expect(isWellFormedResult(decodeFrame(bytes))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('on frames that are views into a larger buffer', () => {
    const frame = validFrames[0]!;
    const big = new Uint8Array(frame.length + 17);
    big.set(frame, 9);
    const result = decodeFrame(big.subarray(9, 9 + frame.length));
    expect(result.ok).toBe(true);
  });
});

describe('CRC', () => {
  it('any single-bit flip of a valid frame never decodes ok', () => {
    fc.assert(
      fc.property(validFrame, fc.nat(), (frame, bitSeed) => {
        const bit = bitSeed % (frame.length * 8);
        const damaged = frame.slice();
        damaged[bit >> 3]! ^= 0x80 >> (bit & 7);
        const result = decodeFrame(damaged);
        expect(result.ok).toBe(false);
        // After the length and header-flag bytes, only the CRC can notice.
        if (bit >= 48) expect(!result.ok && result.code).toBe('CRC_MISMATCH');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decodeBase64Frame', () => {
  // A frame whose base64 ends in padding, so the padding cases mean something.
  const padded = validFrames.find((f) => f.length % 3 !== 0)!;
  const b64 = encodeBase64(padded);

  it('decodes strict base64 like the bytes', () => {
    expect(b64.endsWith('=')).toBe(true);
    expect(decodeBase64Frame(b64)).toEqual(decodeFrame(padded));
    expect(b64).toBe(Buffer.from(padded).toString('base64'));
  });

  it.each([
    ['a character outside the alphabet', b64.slice(0, 4) + '*' + b64.slice(5)],
    ['whitespace', b64.slice(0, 8) + ' ' + b64.slice(9)],
    ['a newline', `${b64.slice(0, 8)}\n${b64.slice(8)}`],
    ['missing padding', b64.replace(/=+$/, '')],
    ['extra padding', b64 + '===='],
    ['padding inside', 'AA==' + b64],
    ['base64url characters', b64.replace(/.{4}$/, '-_A=')],
    ['non-zero bits under the padding', 'AB=='],
    ['a non-string', 42 as unknown as string],
  ])('rejects %s with BAD_BASE64', (_why, text) => {
    expect(decodeBase64Frame(text)).toMatchObject({ ok: false, code: 'BAD_BASE64' });
  });

  it('agrees with Buffer on every valid base64 and never throws on strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 260 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(encodeBase64(bytes)).toBe(text);
        const viaText = decodeBase64Frame(text);
        const viaBytes = decodeFrame(bytes);
        expect(viaText.ok).toBe(viaBytes.ok);
        if (!viaText.ok && !viaBytes.ok) expect(viaText.code).toBe(viaBytes.code);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(isWellFormedResult(decodeBase64Frame(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('says FRAME_TOO_LONG for a long valid text without decoding it all', () => {
    expect(decodeBase64Frame('AAAA'.repeat(100_000))).toMatchObject({ ok: false, code: 'FRAME_TOO_LONG' });
  });
});

describe('encode then decode', () => {
  it('gives back the fields of every message type, exactly on the encoding grid', () => {
    fc.assert(
      fc.property(messageInput, frameHeader, (input, header) => {
        const frames = encodeMessageFrames(input, { sequenceCount: header.sequenceCount, obt: header.obt });
        expect(frames).toHaveLength(1);
        const result = decodeFrame(frames[0]!);
        if (!result.ok) throw new Error(`${result.code}: ${result.detail}`);
        const { packet } = result;
        expect(packet.message).toBe(input.message);
        expect([packet.sequenceCount, packet.obtSeconds, packet.obtSubseconds]).toEqual([
          header.sequenceCount,
          header.obt.seconds,
          header.obt.subseconds,
        ]);
        const expected =
          input.message === 'position'
            ? { ...input.fields, quality: packet.message === 'position' ? packet.fields.quality : 0 }
            : input.message === 'light-curve'
              ? { ...input.fields, bins: input.fields.counts.length, bands: input.fields.counts[0]?.length ?? 0 }
              : input.fields;
        expect(packet.fields).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });
});

/** A frame with a valid header and CRC around arbitrary payload bytes. */
function encodeMessageFramesRaw(
  apid: number,
  messageType: number,
  sequenceFlags: 'continuation' | 'first' | 'last' | 'standalone',
  payload: Uint8Array,
): Uint8Array {
  return encodeFrame({
    apid,
    messageType,
    sequenceFlags,
    sequenceCount: 7,
    obt: { seconds: 1, subseconds: 2 },
    payload,
  });
}
