import { TRANSPORT_NAMESPACE } from './transport-message.types.js';
import type { TransportMessage, TransportParam, TransportRole } from './transport-message.types.js';

/**
 * Builders of the Transport documents we emit. Plain string templates (with escaping) rather
 * than an XML library: the documents are tiny and fixed in shape, and an ack is built per
 * VOEvent received, so this stays on the hot path of a subscriber.
 *
 * Children are unqualified, as `transport-1.1.xsd` (no `elementFormDefault`) requires, and
 * follow its sequence: Origin, Response?, TimeStamp, Meta?(Param*, Result?).
 */

/** Fields of any Transport document. */
export interface TransportFields {
  role: TransportRole;
  origin: string;
  response?: string;
  /** Defaults to now. */
  timestamp?: Date | string;
  params?: readonly TransportParam[];
  result?: string;
}

/** Optional fields of a response (iamalive response, ack, nak). */
export interface ResponseOptions {
  /** URI of the responder, e.g. `ivo://org.svom/fsc#subscriber`. */
  response?: string;
  params?: readonly TransportParam[];
  timestamp?: Date | string;
}

/** Escape text for an element body or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

let cachedSecond = Number.NaN;
let cachedText = '';

/**
 * UTC xs:dateTime to the second, as Comet writes it (`2024-05-01T12:00:00Z`). The text is
 * cached per second: a subscriber stamps one ack per event, thousands per second.
 */
export function formatTimestamp(at: Date = new Date()): string {
  const second = Math.floor(at.getTime() / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedText = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return cachedText;
}

/** Serialise a Transport document in the Comet/GCN namespace. */
export function buildTransport(fields: TransportFields): string {
  const timestamp =
    typeof fields.timestamp === 'string' ? fields.timestamp : formatTimestamp(fields.timestamp ?? new Date());
  const lines = [
    "<?xml version='1.0' encoding='UTF-8'?>",
    `<trn:Transport xmlns:trn="${TRANSPORT_NAMESPACE}" version="1.0" role="${fields.role}">`,
    `  <Origin>${escapeXml(fields.origin)}</Origin>`,
  ];
  if (fields.response !== undefined) lines.push(`  <Response>${escapeXml(fields.response)}</Response>`);
  lines.push(`  <TimeStamp>${escapeXml(timestamp)}</TimeStamp>`);
  const params = fields.params ?? [];
  if (params.length > 0 || fields.result !== undefined) {
    lines.push('  <Meta>');
    for (const p of params) {
      lines.push(`    <Param name="${escapeXml(p.name)}" value="${escapeXml(p.value)}"/>`);
    }
    if (fields.result !== undefined) lines.push(`    <Result>${escapeXml(fields.result)}</Result>`);
    lines.push('  </Meta>');
  }
  lines.push('</trn:Transport>');
  return lines.join('\n');
}

/** Broker → subscriber keep-alive (VTP 2.0 §5.1); `origin` is the broker's IVOID. */
export function buildIamalive(origin: string, timestamp?: Date | string): string {
  return buildTransport({ role: 'iamalive', origin, ...(timestamp !== undefined && { timestamp }) });
}

/**
 * Subscriber's answer to an iamalive (§5.2): same Origin (the broker's IVOID) plus our identity.
 * @param received the iamalive being answered, or its Origin.
 */
export function buildIamaliveResponse(received: TransportMessage | string, options: ResponseOptions = {}): string {
  const origin = typeof received === 'string' ? received : received.origin;
  return buildTransport({ role: 'iamalive', origin, ...options });
}

/** Receipt of a VOEvent we take responsibility for (§5.3); `ivorn` is the event's IVOID. */
export function buildAck(ivorn: string, options: ResponseOptions & { result?: string } = {}): string {
  return buildTransport({ role: 'ack', origin: ivorn, ...options });
}

/** Refusal of a VOEvent (§5.3); a permanent failure, so `reason` should say what to fix. */
export function buildNak(ivorn: string, reason: string, options: ResponseOptions = {}): string {
  return buildTransport({ role: 'nak', origin: ivorn, ...options, result: reason });
}

/** Authentication request/response (§8.2); VTP 2.0 defines no scheme, so only the envelope. */
export function buildAuthenticate(origin: string, options: ResponseOptions = {}): string {
  return buildTransport({ role: 'authenticate', origin, ...options });
}
