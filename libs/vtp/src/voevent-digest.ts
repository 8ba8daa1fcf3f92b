import { createHash } from 'node:crypto';
import { VtpParseError } from './errors.js';
import { scanRootElement } from './root-element.scanner.js';

/**
 * De-duplication key of a VOEvent message (VTP 2.0 §7): two messages are the same when the
 * text from the `<` opening the VOEvent element to the `>` closing it is bit-for-bit
 * identical. The IVOID is not enough: the same celestial event is legitimately sent in
 * several descriptions under one IVOID. The XML declaration and comments outside the element
 * are left out, as the note says.
 *
 * Returns the SHA-256 of that text, hex-encoded, for a receiver's `accept` to store.
 * @throws VtpParseError when the payload has no root element.
 */
export function voEventDigest(xml: string): string {
  const root = scanRootElement(xml);
  if (root === undefined) throw new VtpParseError('payload is not an XML document');
  let end = root.endOffset;
  if (!xml.slice(root.startOffset, root.endOffset).endsWith('/>')) {
    const closing = xml.lastIndexOf(`</${root.qname}`);
    const gt = closing < 0 ? -1 : xml.indexOf('>', closing);
    if (gt < 0) throw new VtpParseError(`no closing tag for <${root.qname}>`);
    end = gt + 1;
  }
  return createHash('sha256').update(xml.slice(root.startOffset, end), 'utf8').digest('hex');
}
