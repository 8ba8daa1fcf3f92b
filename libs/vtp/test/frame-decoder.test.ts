import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, VtpFrameTooLargeError, encodeFrame } from '../src/index.js';

const text = (bufs: Buffer[]): string[] => bufs.map((b) => b.toString('utf8'));

describe('encodeFrame', () => {
  it('prefixes the UTF-8 byte length, big-endian', () => {
    const frame = encodeFrame('<a>é</a>');
    expect(frame.readUInt32BE(0)).toBe(9); // é is two bytes
    expect(frame.subarray(4).toString('utf8')).toBe('<a>é</a>');
    expect([...encodeFrame('').values()]).toEqual([0, 0, 0, 0]);
    expect(encodeFrame('x'.repeat(0x01020304)).subarray(0, 4)).toEqual(Buffer.from([1, 2, 3, 4]));
  });
});

describe('FrameDecoder', () => {
  it('yields a message split over many reads only once complete', () => {
    const frame = encodeFrame('<VOEvent ivorn="ivo://x#1"/>');
    const decoder = new FrameDecoder();
    for (let i = 0; i < frame.length - 1; i++) expect(decoder.push(frame.subarray(i, i + 1))).toEqual([]);
    expect(text(decoder.push(frame.subarray(frame.length - 1)))).toEqual(['<VOEvent ivorn="ivo://x#1"/>']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('yields two messages from one read, and keeps a trailing partial one', () => {
    const both = Buffer.concat([encodeFrame('one'), encodeFrame('two'), encodeFrame('three').subarray(0, 6)]);
    const decoder = new FrameDecoder();
    expect(text(decoder.push(both))).toEqual(['one', 'two']);
    expect(decoder.bufferedBytes).toBe(6);
    expect(text(decoder.push(encodeFrame('three').subarray(6)))).toEqual(['three']);
  });

  it('handles a length prefix split across reads', () => {
    const frame = encodeFrame('split prefix');
    const decoder = new FrameDecoder();
    expect(decoder.push(frame.subarray(0, 1))).toEqual([]);
    expect(decoder.push(frame.subarray(1, 3))).toEqual([]);
    expect(text(decoder.push(frame.subarray(3)))).toEqual(['split prefix']);
  });

  it('yields empty payloads of zero-length frames', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.concat([encodeFrame(''), encodeFrame('a')])).map((b) => b.length)).toEqual([0, 1]);
  });

  it('throws on a frame over the maximum, as soon as the prefix is read', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 10 });
    expect(text(decoder.push(encodeFrame('0123456789')))).toEqual(['0123456789']);
    const oversize = encodeFrame('0123456789A').subarray(0, 4);
    let caught: unknown;
    try {
      decoder.push(oversize);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VtpFrameTooLargeError);
    expect((caught as VtpFrameTooLargeError).code).toBe('VTP_FRAME_TOO_LARGE');
    expect((caught as VtpFrameTooLargeError).frameBytes).toBe(11);
  });

  it('rejects an HTTP request line read as a length (a stray web client)', () => {
    expect(() => new FrameDecoder().push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(VtpFrameTooLargeError);
  });

  it('property: any messages, chunked at random points, decode to the same sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((m) => encodeFrame(m)));
          const decoder = new FrameDecoder();
          const out: string[] = [];
          let pos = 0;
          let i = 0;
          while (pos < stream.length) {
            const size = cuts[i++ % cuts.length] as number;
            out.push(...text(decoder.push(stream.subarray(pos, pos + size))));
            pos += size;
          }
          expect(out).toEqual(messages);
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: binary payloads survive any chunking byte for byte', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 40 })),
        (payloads, sizes) => {
          const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
          const decoder = new FrameDecoder();
          const out: Buffer[] = [];
          for (let pos = 0; pos < stream.length; ) {
            const size = sizes.next().value as number; // zero-length chunks are legal reads too
            out.push(...decoder.push(stream.subarray(pos, pos + size)));
            pos += size;
          }
          expect(out.map((b) => [...b])).toEqual(payloads.map((p) => [...p]));
        },
      ),
      { numRuns: 200 },
    );
  });
});
