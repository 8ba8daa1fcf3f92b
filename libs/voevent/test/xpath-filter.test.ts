import { describe, expect, it } from 'vitest';
import { parseForXPath, XPathFilter } from '../src/index.js';
import { referenceNotices } from './reference-notices.js';

const [, grm] = referenceNotices('svom/real-gcn-kafka/grm')[0]!;
const [, swift] = referenceNotices('other/swift')[0]!;

/** Whether `expression` passes `xml`, with the filter and document freed after. */
function passes(expression: string, xml: string | Uint8Array): boolean {
  const filter = new XPathFilter(expression);
  const doc = parseForXPath(xml);
  try {
    return filter.matches(doc);
  } finally {
    doc.dispose();
    filter.dispose();
  }
}

describe('XPathFilter', () => {
  it('selects by a Param, as Comet filters are written', () => {
    expect(passes('//Param[@name="Packet_Type" and @value="201"]', grm)).toBe(true);
    expect(passes('//Param[@name="Packet_Type" and @value="202"]', grm)).toBe(false);
    expect(passes('//Param[@name="Packet_Type" and @value="201"]', Buffer.from(grm, 'utf8'))).toBe(true);
  });

  it('reads the root through the voe: prefix, whatever prefix the document uses', () => {
    expect(passes('/voe:VOEvent[@role="observation"]', grm)).toBe(true);
    expect(passes('/voe:VOEvent[@role="test"]', grm)).toBe(false);
    expect(passes('starts-with(/voe:VOEvent/@ivorn, "ivo://nasa.gsfc.gcn/SWIFT")', swift)).toBe(true);
    expect(passes('starts-with(/voe:VOEvent/@ivorn, "ivo://nasa.gsfc.gcn/SWIFT")', grm)).toBe(false);
  });

  it('reads numbers, strings and booleans as XPath boolean() does', () => {
    expect(passes('count(//Param[@name="Packet_Type"])', grm)).toBe(true); // 1
    expect(passes('count(//Param[@name="No_Such_Param"])', grm)).toBe(false); // 0
    expect(passes('string(//Param[@name="Packet_Type"]/@value)', grm)).toBe(true); // "201"
    expect(passes('string(//Param[@name="No_Such_Param"]/@value)', grm)).toBe(false); // ""
    expect(passes('number(//Param[@name="Packet_Type"]/@value) >= 201', grm)).toBe(true);
  });

  it('refuses an expression that is not XPath, naming it', () => {
    expect(() => new XPathFilter('//Param[@name=')).toThrow(/not a valid XPath 1\.0 expression: \/\/Param\[@name=/);
  });
});
