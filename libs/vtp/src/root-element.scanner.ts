/**
 * Reads the start tag of an XML document's root element without parsing the document.
 *
 * The broker receives one ack per subscriber per event (256 subscribers × thousands of events
 * per second), and only needs the root's name and `role`; a full XML parse of each would cost
 * more than the fan-out itself. This scanner skips the declaration, comments, processing
 * instructions and a DOCTYPE, then reads the attributes of the first element.
 *
 * Its input comes from anyone an allowlist admits, so it never throws and never backtracks:
 * every loop moves forward, and a 1 MiB start tag costs one pass (the attribute regex it
 * replaced took 2 s on 40 kB of attribute name, quadratically more on a full frame).
 */

/** Start tag of a document's root element. */
export interface RootElement {
  /** Qualified name as written, e.g. `trn:Transport`. */
  qname: string;
  /** Name without its namespace prefix, e.g. `Transport`. */
  localName: string;
  /**
   * Attributes by qualified name, entity references decoded; a value holding a reference to
   * something that is not an XML character is kept as written (and `malformed` says so).
   */
  attributes: Record<string, string>;
  /** Offset of the start tag's `<`. */
  startOffset: number;
  /** Offset just past the start tag's `>`. */
  endOffset: number;
  /** Whether the prolog has a `<!DOCTYPE …>` (which a relayed event must not keep). */
  doctype: boolean;
  /** Why the start tag is not well-formed XML, when it is not (e.g. `&#x110000;` in a value). */
  malformed?: string;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Whether a code point is an XML 1.0 `Char` (§2.2): what a character reference may name. Past
 * U+10FFFF `String.fromCodePoint` throws a RangeError; a surrogate would make a lone UTF-16 half.
 */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/**
 * Decode the predefined and numeric character references of XML text. Returns `undefined` when
 * a numeric reference names something that is not an XML character (outside Unicode, a
 * surrogate, a control character): the text is not well-formed, and the caller refuses it.
 */
export function decodeXmlEntities(text: string): string | undefined {
  if (!text.includes('&')) return text;
  let bad = false;
  const decoded = text.replace(ENTITY, (match, hex?: string, dec?: string, named?: string) => {
    if (named !== undefined) return NAMED_ENTITIES[named] ?? '';
    const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec as string, 10);
    if (!isXmlChar(codePoint)) {
      bad = true;
      return match;
    }
    return String.fromCodePoint(codePoint);
  });
  return bad ? undefined : decoded;
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

/** Whether `text[from, to)` holds only whitespace (and a BOM): all the prolog allows outside markup. */
function onlySpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd && c !== 0xfeff) return false;
  }
  return true;
}

/**
 * Return the root element's start tag, or `undefined` when the text has no element (binary
 * garbage, an empty payload, a truncated prolog).
 */
export function scanRootElement(xml: string): RootElement | undefined {
  let pos = 0;
  let doctype = false;
  for (;;) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || !onlySpace(xml, pos, lt)) return undefined;
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) return undefined;
      pos = end + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return undefined;
      pos = end + 3;
    } else if (xml.startsWith('<!', lt)) {
      // DOCTYPE, possibly with an internal subset in brackets. The bracket is looked for before
      // the first `>` only, so a prolog of many declarations stays one pass.
      doctype ||= xml.startsWith('<!DOCTYPE', lt);
      const close = xml.indexOf('>', lt);
      if (close < 0) return undefined;
      const bracketAt = xml.slice(lt, close).indexOf('[');
      const bracket = bracketAt < 0 ? -1 : lt + bracketAt;
      if (bracket >= 0) {
        const subsetEnd = xml.indexOf(']', bracket);
        if (subsetEnd < 0) return undefined;
        const end = xml.indexOf('>', subsetEnd);
        if (end < 0) return undefined;
        pos = end + 1;
      } else {
        pos = close + 1;
      }
    } else {
      return readStartTag(xml, lt, doctype);
    }
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[\w.:-]/;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function readStartTag(xml: string, lt: number, doctype: boolean): RootElement | undefined {
  const end = findTagEnd(xml, lt + 1);
  if (end < 0) return undefined;
  let i = lt + 1;
  if (!NAME_START.test(xml[i] ?? '')) return undefined;
  while (i < end && NAME_CHAR.test(xml[i] as string)) i++;
  const qname = xml.slice(lt + 1, i);
  const colon = qname.indexOf(':');
  const attributes: Record<string, string> = {};
  let malformed: string | undefined;
  // name = "value" | name = 'value', anything else skipped a character at a time: one pass.
  while (i < end) {
    while (i < end && (isSpace(xml[i]) || xml[i] === '/')) i++;
    const nameStart = i;
    while (i < end && !isSpace(xml[i]) && xml[i] !== '=' && xml[i] !== '/') i++;
    const name = xml.slice(nameStart, i);
    while (i < end && isSpace(xml[i])) i++;
    if (xml[i] !== '=') {
      if (i === nameStart) i++;
      continue;
    }
    i++;
    while (i < end && isSpace(xml[i])) i++;
    const quote = xml[i];
    if (quote !== '"' && quote !== "'") continue;
    const close = xml.indexOf(quote, i + 1);
    if (close < 0 || close > end) break;
    const raw = xml.slice(i + 1, close);
    i = close + 1;
    if (name === '') continue;
    const value = decodeXmlEntities(raw);
    if (value === undefined) malformed ??= `attribute ${name} holds a character reference to no XML character`;
    attributes[name] = value ?? raw;
  }
  return {
    qname,
    localName: colon < 0 ? qname : qname.slice(colon + 1),
    attributes,
    startOffset: lt,
    endOffset: end + 1,
    doctype,
    ...(malformed !== undefined && { malformed }),
  };
}
