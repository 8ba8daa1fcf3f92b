import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FrameDecoder,
  VtpError,
  VtpFrameTooLargeError,
  checkWellFormed,
  decodeXmlEntities,
  encodeFrame,
  parseVtpMessage,
  peekVtpMessage,
  scanRootElement,
  voEventDigest,
} from '../src/index.js';
import { hostileFrames } from '../src/testing/index.js';

/**
 * Properties of everything that reads a peer's bytes: whatever arrives, the scanners answer or
 * throw the library's own VtpError (the parse functions document it); nothing else escapes.
 */

/** The small probes' payloads (without their length prefix), as seeds for mutation. */
const seeds = hostileFrames()
  .filter((f) => f.bytes.length < 70_000 && !f.partial && f.name !== 'http-request' && f.name !== 'max-length-prefix')
  .map((f) => f.bytes.subarray(4));

const references = fc.oneof(
  fc.constantFrom('&#x110000;', '&#xD800;', '&#xDFFF;', '&#0;', '&#99999999;', '&#x10FFFF;', '&#xFFFE;', '&#9;'),
  fc.bigInt({ min: 0n, max: 1n << 70n }).map((n) => `&#${n};`),
  fc.bigInt({ min: 0n, max: 1n << 70n }).map((n) => `&#x${n.toString(16)};`),
  fc.integer({ min: 0xd000, max: 0x11_0010 }).map((n) => `&#x${n.toString(16)};`),
);
const xmlToken = fc.oneof(
  references,
  fc.constantFrom(
    '<',
    '>',
    '/>',
    '"',
    "'",
    '=',
    ' ',
    '\n',
    '&amp;',
    '&lt;',
    '&',
    ';',
    '<!DOCTYPE x [',
    ']>',
    '<!ENTITY e "x">',
    '<!--',
    '-->',
    '<?xml version="1.0"?>',
    '?>',
    '<voe:VOEvent',
    '<Transport',
    '<trn:Transport',
    ' role=',
    ' ivorn=',
    ' version="2.0"',
    '<Origin>',
    '</Origin>',
    '<Meta><Result>',
    '</Result></Meta>',
    '</Transport>',
    '</voe:VOEvent>',
    '\uFEFF',
    '\uD800',
  ),
  fc.string({ maxLength: 8 }),
);
/** Text that looks like XML often enough to reach the deep branches. */
const xmlSoup = fc.array(xmlToken, { maxLength: 60 }).map((tokens) => tokens.join(''));

/** A probe's payload, cut, spliced with random bytes or with a byte changed. */
const mutatedSeed = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.nat(),
    fc.uint8Array({ maxLength: 16 }),
    fc.constantFrom('cut', 'insert', 'flip'),
  )
  .map(([seed, at, bytes, how]) => {
    const i = seed.length === 0 ? 0 : at % seed.length;
    if (how === 'cut') return seed.subarray(0, i);
    if (how === 'insert') return Buffer.concat([seed.subarray(0, i), bytes, seed.subarray(i)]);
    const copy = Buffer.from(seed);
    if (copy.length > 0) copy[i] = (copy[i] as number) ^ ((bytes[0] ?? 0x55) | 1);
    return copy;
  });

const anyPayload = fc.oneof(
  xmlSoup.map((s) => Buffer.from(s, 'utf8')),
  mutatedSeed,
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 100 }).map((s) => Buffer.from(s, 'utf8')),
);

/** Whether a string has no lone surrogate (String#isWellFormed, not in this TypeScript lib yet). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Calls `read`, allowing only the library's documented VtpError to come out. */
function onlyVtpErrors(read: () => unknown): void {
  try {
    read();
  } catch (error) {
    if (!(error instanceof VtpError)) throw error;
  }
}

describe('hostile input: the scanners and the framing never throw anything but VtpError', () => {
  it('property: entity decoding answers text without lone surrogates, or undefined', () => {
    fc.assert(
      fc.property(xmlSoup, (text) => {
        const decoded = decodeXmlEntities(text);
        if (decoded !== undefined && wellFormed(text)) expect(wellFormed(decoded)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: root scan, peek, parse, digest and well-formedness of any payload', () => {
    fc.assert(
      fc.property(anyPayload, (payload) => {
        const xml = payload.toString('utf8');
        const root = scanRootElement(xml);
        if (root !== undefined) {
          expect(root.startOffset).toBeLessThan(root.endOffset);
          for (const value of Object.values(root.attributes)) expect(typeof value).toBe('string');
        }
        const head = peekVtpMessage(xml);
        if (head?.malformed === undefined && head !== undefined) expect(wellFormed(head.origin)).toBe(true);
        onlyVtpErrors(() => parseVtpMessage(payload));
        onlyVtpErrors(() => voEventDigest(xml));
        checkWellFormed(xml);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: any stream of probes, chunked anywhere, decodes or fails with VtpFrameTooLargeError', () => {
    fc.assert(
      fc.property(
        fc.array(anyPayload, { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 30 }),
        fc.uint8Array({ maxLength: 8 }),
        (payloads, cuts, tail) => {
          const stream = Buffer.concat([...payloads.map((p) => encodeFrame(p)), tail]);
          const decoder = new FrameDecoder({ maxFrameBytes: 4096, maxPayloadBytes: 1024, headBytes: 64 });
          let pos = 0;
          let i = 0;
          try {
            while (pos < stream.length) {
              const size = cuts[i++ % cuts.length] as number;
              for (const frame of decoder.pushFrames(stream.subarray(pos, pos + size))) {
                expect(frame.payload.length).toBeLessThanOrEqual(Math.min(frame.frameBytes, 1024));
              }
              pos += size || 1;
            }
          } catch (error) {
            expect(error).toBeInstanceOf(VtpFrameTooLargeError);
          }
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(4096 + 4 + 5000);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('every probe of the list: read in one pass (a 1 MiB start tag is not quadratic)', () => {
    for (const probe of hostileFrames()) {
      const xml = probe.bytes.subarray(4).toString('utf8');
      scanRootElement(xml);
      peekVtpMessage(xml);
      onlyVtpErrors(() => parseVtpMessage(xml));
      onlyVtpErrors(() => voEventDigest(xml));
    }
    // 1 MiB of attribute name: quadratic, this took tens of minutes; linear, milliseconds.
    const huge = `<voe:VOEvent ${'a'.repeat(1_048_576)} ivorn="ivo://x">`;
    expect(scanRootElement(huge)?.attributes['ivorn']).toBe('ivo://x');
    expect(scanRootElement(`${'<!x>'.repeat(200_000)}<a/>`)?.localName).toBe('a');
  });

  it('a reference past U+10FFFF or to a surrogate makes the root malformed, not a throw', () => {
    expect(decodeXmlEntities('&#x110000;')).toBeUndefined();
    expect(decodeXmlEntities('a&#xD800;b')).toBeUndefined();
    expect(decodeXmlEntities('&#0;')).toBeUndefined();
    expect(decodeXmlEntities('&#x10FFFF;&#x41;&amp;')).toBe('\u{10FFFF}A&');
    const root = scanRootElement('<Transport role="&#x110000;" version="2.0"/>');
    expect(root).toMatchObject({ localName: 'Transport', malformed: expect.stringMatching(/role/) });
    expect(root?.attributes['role']).toBe('&#x110000;');
    expect(peekVtpMessage('<Transport role="&#x110000;" version="2.0"/>')?.malformed).toBeDefined();
    expect(() => parseVtpMessage('<Transport role="&#x110000;" version="2.0"/>')).toThrow(VtpError);
    expect(scanRootElement('<!DOCTYPE x><VOEvent ivorn="a"/>')).toMatchObject({ doctype: true });
    expect(scanRootElement('<VOEvent ivorn="a"/>')).toMatchObject({ doctype: false });
  });
});
