import { describe, expect, it } from 'vitest';
import { VtpParseError, voEventDigest } from '../src/index.js';
import { voevent } from './support/vtp-test-kit.js';

describe('voEventDigest (VTP 2.0 §7 de-duplication)', () => {
  const xml = voevent(1);
  const body = xml.slice(xml.indexOf('<voe:VOEvent'));

  it('ignores the declaration, comments and whitespace outside the VOEvent element', () => {
    const variants = [body, `<?xml version='1.0'?>\n<!-- relayed by broker B -->\n${body}\n<!-- trailer -->\n`, xml];
    expect(new Set(variants.map(voEventDigest)).size).toBe(1);
    expect(voEventDigest(xml)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells apart events differing by one character inside, even with the same ivorn', () => {
    expect(voEventDigest(xml)).not.toBe(voEventDigest(xml.replace('<Who>', '<Who> ')));
    expect(voEventDigest(xml)).not.toBe(voEventDigest(voevent(2)));
  });

  it('handles a self-closing root and rejects non-XML or an unclosed root', () => {
    expect(voEventDigest('<VOEvent ivorn="ivo://a#b"/>')).toBe(
      voEventDigest('<?xml version="1.0"?><VOEvent ivorn="ivo://a#b"/>'),
    );
    expect(() => voEventDigest('not xml')).toThrow(VtpParseError);
    expect(() => voEventDigest('<VOEvent ivorn="x"><Who>')).toThrow(/no closing tag/);
  });
});
