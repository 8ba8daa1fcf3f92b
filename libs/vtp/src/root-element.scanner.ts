/**
 * Reads the start tag of an XML document's root element without parsing the document.
 *
 * The broker receives one ack per subscriber per event (256 subscribers × thousands of events
 * per second), and only needs the root's name and `role`; a full XML parse of each would cost
 * more than the fan-out itself. This scanner skips the declaration, comments, processing
 * instructions and a DOCTYPE, then reads the attributes of the first element.
 */

/** Start tag of a document's root element. */
export interface RootElement {
  /** Qualified name as written, e.g. `trn:Transport`. */
  qname: string;
  /** Name without its namespace prefix, e.g. `Transport`. */
  localName: string;
  /** Attributes by qualified name, entity references decoded. */
  attributes: Record<string, string>;
  /** Offset of the start tag's `<`. */
  startOffset: number;
  /** Offset just past the start tag's `>`. */
  endOffset: number;
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decode the predefined and numeric character references of XML text. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, hex?: string, dec?: string, named?: string) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return String.fromCodePoint(parseInt(dec, 10));
    return NAMED_ENTITIES[named as string] ?? '';
  });
}

/** Find the end of a start tag opened at `from`, skipping `>` inside quoted values. */
function findTagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

/**
 * Return the root element's start tag, or `undefined` when the text has no element (binary
 * garbage, an empty payload, a truncated prolog).
 */
export function scanRootElement(xml: string): RootElement | undefined {
  let pos = 0;
  for (;;) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) return undefined;
    // Only whitespace (and a BOM) may precede markup in the prolog.
    if (/[^\s\uFEFF]/.test(xml.slice(pos, lt))) return undefined;
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) return undefined;
      pos = end + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return undefined;
      pos = end + 3;
    } else if (xml.startsWith('<!', lt)) {
      // DOCTYPE, possibly with an internal subset in brackets.
      const bracket = xml.indexOf('[', lt);
      const close = xml.indexOf('>', lt);
      if (close < 0) return undefined;
      if (bracket >= 0 && bracket < close) {
        const subsetEnd = xml.indexOf(']', bracket);
        if (subsetEnd < 0) return undefined;
        const end = xml.indexOf('>', subsetEnd);
        if (end < 0) return undefined;
        pos = end + 1;
      } else {
        pos = close + 1;
      }
    } else {
      return readStartTag(xml, lt);
    }
  }
}

function readStartTag(xml: string, lt: number): RootElement | undefined {
  const end = findTagEnd(xml, lt + 1);
  if (end < 0) return undefined;
  const body = xml.slice(lt + 1, end);
  const nameMatch = /^([A-Za-z_][\w.:-]*)/.exec(body);
  if (nameMatch === null) return undefined;
  const qname = nameMatch[1] as string;
  const colon = qname.indexOf(':');
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = qname.length;
  for (let m = ATTRIBUTE.exec(body); m !== null; m = ATTRIBUTE.exec(body)) {
    attributes[m[1] as string] = decodeXmlEntities(m[2] ?? m[3] ?? '');
  }
  return {
    qname,
    localName: colon < 0 ? qname : qname.slice(colon + 1),
    attributes,
    startOffset: lt,
    endOffset: end + 1,
  };
}
