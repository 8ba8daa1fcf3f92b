import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { VtpParseError } from './errors.js';
import { decodeXmlEntities, scanRootElement } from './root-element.scanner.js';
import { TRANSPORT_ROLES } from './transport-message.types.js';
import type { TransportParam, TransportRole, VtpMessage, TransportMessage } from './transport-message.types.js';

/**
 * Reads VTP payloads. A VOEvent is identified from its root start tag only (the transport must
 * pass it on bit for bit, and validation is the caller's job); a Transport document is parsed
 * in full with fast-xml-parser, namespace prefixes removed, so the note's own examples
 * (`http://telescope-networks.org/schema/...`), Comet's and GCN's namespaces, a default
 * namespace or none all read the same.
 */

const transportParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep IVOIDs and timestamps as text: "1.0" must not become the number 1.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'Param',
});

function text(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in node) return String((node as { '#text': unknown })['#text']);
  if (typeof node === 'object') return '';
  return String(node);
}

function isRole(role: string | undefined): role is TransportRole {
  return role !== undefined && (TRANSPORT_ROLES as readonly string[]).includes(role);
}

/**
 * Parse one VTP payload.
 * @throws VtpParseError when the payload has no root element, the root is neither `VOEvent`
 *   nor `Transport`, or a Transport document is malformed or has an unknown role.
 */
export function parseVtpMessage(payload: string | Uint8Array): VtpMessage {
  const xml = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
  const head = peekVtpMessage(xml);
  if (head === undefined) throw new VtpParseError('payload is not an XML document');
  if (head.malformed !== undefined) throw new VtpParseError(`malformed <${head.localName}>: ${head.malformed}`);
  if (head.localName === 'VOEvent') return { kind: 'voevent', ivorn: head.origin, role: head.role, xml };
  if (head.localName === 'Transport') return parseTransport(xml);
  throw new VtpParseError(`unexpected root element <${head.localName}>: expected VOEvent or Transport`);
}

/** Parse a `<Transport>` document (any namespace). */
export function parseTransport(xml: string): TransportMessage {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new VtpParseError(`malformed Transport document: ${valid.err.msg} (line ${valid.err.line})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = transportParser.parse(xml) as Record<string, unknown>;
  } catch (cause) {
    throw new VtpParseError('malformed Transport document', { cause });
  }
  const node = doc['Transport'] as Record<string, unknown> | undefined;
  if (node === undefined || typeof node !== 'object') throw new VtpParseError('no <Transport> element');
  const role = node['@_role'] as string | undefined;
  if (!isRole(role))
    throw new VtpParseError(`Transport role ${JSON.stringify(role)} is not one of ${TRANSPORT_ROLES.join(', ')}`);
  const metaNode = node['Meta'] as Record<string, unknown> | undefined;
  const params: TransportParam[] = [];
  let result: string | undefined;
  if (metaNode !== undefined && typeof metaNode === 'object') {
    for (const p of (metaNode['Param'] as Record<string, unknown>[] | undefined) ?? []) {
      params.push({ name: String(p['@_name'] ?? ''), value: String(p['@_value'] ?? '') });
    }
    result = text(metaNode['Result']);
  }
  const response = text(node['Response']);
  return {
    kind: 'transport',
    role,
    version: String(node['@_version'] ?? ''),
    origin: text(node['Origin']) ?? '',
    ...(response !== undefined && { response }),
    timestamp: text(node['TimeStamp']) ?? '',
    meta: { params, ...(result !== undefined && { result }) },
  };
}

const ORIGIN = /<(?:[\w.-]+:)?Origin\s*>([^<]*)</;
/** Declaration, comments, then the root start tag: the shape of every ack in practice. */
const SIMPLE_ROOT =
  /^[\s\uFEFF]*(?:<\?[^?]*\?>[\s]*)?(?:<!--(?:[^-]|-(?!->))*-->[\s]*)*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/;
const ROLE = /\srole\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const IVORN = /\sivorn\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** What {@link peekVtpMessage} reads of a payload. */
export interface VtpMessageHead {
  localName: string;
  role: string;
  /** The Origin text of a Transport, the ivorn of a VOEvent. */
  origin: string;
  /** Why the part read is not well-formed (a character reference to no XML character). */
  malformed?: string;
}

/**
 * Fast path for the broker, which gets one ack per subscriber per event: the root's local
 * name and role, plus the Origin text (the ivorn for a VOEvent), by matching instead of
 * parsing. Returns `undefined` when the payload has no root element. Never throws.
 */
export function peekVtpMessage(xml: string): VtpMessageHead | undefined {
  const simple = SIMPLE_ROOT.exec(xml);
  let localName: string;
  let role: string | undefined;
  let rest: number;
  let attributeText: string;
  if (simple !== null) {
    localName = simple[1] as string;
    attributeText = simple[2] as string;
    const r = ROLE.exec(attributeText);
    role = r === null ? '' : decodeXmlEntities(r[1] ?? r[2] ?? '');
    rest = simple.index + simple[0].length;
  } else {
    // Rare shapes (a DOCTYPE, a processing instruction with '?' inside): the full scanner.
    const root = scanRootElement(xml);
    if (root === undefined) return undefined;
    const head = { localName: root.localName, role: root.attributes['role'] ?? '' };
    const malformed = root.malformed === undefined ? {} : { malformed: root.malformed };
    if (root.localName === 'VOEvent') return { ...head, origin: root.attributes['ivorn'] ?? '', ...malformed };
    localName = root.localName;
    role = head.role;
    rest = root.endOffset;
    attributeText = '';
  }
  let origin: string | undefined;
  if (localName === 'VOEvent') {
    const i = IVORN.exec(attributeText);
    origin = i === null ? '' : decodeXmlEntities(i[1] ?? i[2] ?? '');
  } else {
    const m = ORIGIN.exec(xml.slice(rest));
    origin = m === null ? '' : decodeXmlEntities((m[1] as string).trim());
  }
  if (role === undefined || origin === undefined) {
    return { localName, role: role ?? '', origin: origin ?? '', malformed: BAD_REFERENCE };
  }
  return { localName, role, origin };
}

const BAD_REFERENCE = 'a character reference to no XML character (outside Unicode, a surrogate or a control)';

/**
 * Whether a text is well-formed XML; returns the parser's message when it is not. Used to
 * nak a broken VOEvent when no schema validator was injected.
 */
export function checkWellFormed(xml: string): { ok: true } | { ok: false; reason: string } {
  const r = XMLValidator.validate(xml);
  return r === true ? { ok: true } : { ok: false, reason: `${r.err.msg} (line ${r.err.line}, column ${r.err.col})` };
}
