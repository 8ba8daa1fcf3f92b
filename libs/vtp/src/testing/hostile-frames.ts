import { encodeFrame } from '../frame-decoder.js';

/**
 * Frames a hostile peer on the loopback would send to a VTP port, each of which crashed, hung
 * or bloated a VTP implementation somewhere (issue 16 started with the first one). The VTP tests
 * send each to a live broker and receiver; the attack suite reuses the list against the stack.
 */

/** One probe: exactly the bytes to write to a fresh connection. */
export interface HostileFrame {
  /** Stable identifier, for reports. */
  name: string;
  /** What it tries. */
  description: string;
  /** Which port it is aimed at; both take it without harm. */
  port: 'author' | 'subscriber' | 'both';
  /** The bytes to write (framed, unless the probe is about framing itself). */
  bytes: Buffer;
  /** Whether the bytes end mid-frame (the peer then holds the connection). */
  partial?: boolean;
}

const TRANSPORT_NS = 'http://www.telescope-networks.org/xml/Transport/v1.1';

/** A small VOEvent around `ivorn` and `body`, with an optional prolog (a DOCTYPE). */
export function hostileVoEvent(ivorn: string, body = '', prolog = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}` +
    `<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0" role="test" version="2.0" ivorn="${ivorn}">` +
    `<Who><AuthorIVORN>ivo://attacker/x</AuthorIVORN><Date>2026-01-01T00:00:00</Date></Who>${body}</voe:VOEvent>`
  );
}

function transport(role: string, inner = ''): string {
  return `<trn:Transport xmlns:trn="${TRANSPORT_NS}" role="${role}" version="1.0">${inner}</trn:Transport>`;
}

const framed = (text: string | Buffer): Buffer => encodeFrame(text);

/**
 * The probes. Built on each call (some are hundreds of kB): `maxEventBytes` sizes the oversize
 * event just past the receiver's limit.
 */
export function hostileFrames(options: { maxEventBytes?: number } = {}): HostileFrame[] {
  const maxEventBytes = options.maxEventBytes ?? 262_144;
  const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
  const billionLaughs =
    '<!DOCTYPE voe:VOEvent [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">' +
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>\n';
  return [
    {
      name: 'role-past-unicode',
      description: 'the issue 16 probe: role="&#x110000;" (String.fromCodePoint threw a RangeError)',
      port: 'both',
      bytes: framed('<Transport role="&#x110000;" version="2.0"/>'),
    },
    {
      name: 'ivorn-decimal-past-unicode',
      description: 'a VOEvent whose ivorn holds &#99999999;',
      port: 'both',
      bytes: framed(hostileVoEvent('&#99999999;')),
    },
    {
      name: 'ivorn-twenty-digit-reference',
      description: 'a reference past any integer: &#99999999999999999999999;',
      port: 'both',
      bytes: framed(hostileVoEvent('ivo://x/&#99999999999999999999999;')),
    },
    {
      name: 'role-surrogate',
      description: 'a reference to a UTF-16 surrogate (&#xD800;), a lone half if decoded',
      port: 'both',
      bytes: framed(transport('&#xD800;')),
    },
    {
      name: 'ivorn-surrogate-decimal',
      description: 'a surrogate by decimal reference (&#57343;) in a VOEvent ivorn',
      port: 'both',
      bytes: framed(hostileVoEvent('ivo://x/&#57343;')),
    },
    {
      name: 'ivorn-nul-reference',
      description: 'a reference to U+0000, not an XML character',
      port: 'both',
      bytes: framed(hostileVoEvent('ivo://x/&#0;')),
    },
    {
      name: 'ack-origin-past-unicode',
      description: 'an ack whose Origin holds &#x110000;',
      port: 'subscriber',
      bytes: framed(transport('ack', '<Origin>&#x110000;</Origin><TimeStamp>2026-01-01T00:00:00Z</TimeStamp>')),
    },
    {
      name: 'nak-result-past-unicode',
      description: 'a nak whose Result holds &#x110000; (fully parsed, for its reason)',
      port: 'subscriber',
      bytes: framed(transport('nak', '<Origin>ivo://x</Origin><Meta><Result>&#x110000;&#xDFFF;</Result></Meta>')),
    },
    {
      name: 'truncated-utf8',
      description: 'a VOEvent cut in the middle of a three-byte UTF-8 sequence',
      port: 'both',
      bytes: framed(Buffer.concat([Buffer.from(hostileVoEvent('ivo://x/utf8', '<What>')), Buffer.from([0xe2, 0x82])])),
    },
    {
      name: 'invalid-utf8-in-ivorn',
      description: 'lone continuation bytes and an overlong sequence inside the ivorn',
      port: 'both',
      bytes: framed(
        Buffer.concat([
          Buffer.from(
            '<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0" role="test" version="2.0" ivorn="ivo://x/',
          ),
          Buffer.from([0x80, 0xbf, 0xc0, 0xaf, 0xff]),
          Buffer.from('"><Who/></voe:VOEvent>'),
        ]),
      ),
    },
    {
      name: 'huge-attribute-name',
      description: '60 kB of attribute name with no "=": the attribute regex was quadratic (2 s at 40 kB)',
      port: 'both',
      bytes: framed(`<voe:VOEvent ${'a'.repeat(60_000)} ivorn="ivo://x/name">`),
    },
    {
      name: 'huge-attribute-value',
      description: 'a 200 kB ivorn (naked: every subscriber would echo it in a 200 kB ack)',
      port: 'author',
      bytes: framed(hostileVoEvent(`ivo://x/${'v'.repeat(200_000)}`)),
    },
    {
      name: 'many-quotes-unclosed-tag',
      description: 'a start tag never closed, full of quotes',
      port: 'both',
      bytes: framed(`<Transport role="ack" ${'"\''.repeat(20_000)}`),
    },
    {
      name: 'deep-nesting-nak',
      description: 'a nak 10,000 elements deep (a recursive parser overflows its stack)',
      port: 'subscriber',
      bytes: framed(transport('nak', `<Origin>ivo://x</Origin><Meta><Result>${deep(10_000)}</Result></Meta>`)),
    },
    {
      name: 'deep-nesting-voevent',
      description: 'a VOEvent 30,000 elements deep',
      port: 'author',
      bytes: framed(hostileVoEvent('ivo://x/deep', `<What>${deep(30_000)}</What>`)),
    },
    {
      name: 'doctype-billion-laughs',
      description: 'a VOEvent with an internal subset of nested entities (a million "a" once expanded)',
      port: 'both',
      bytes: framed(hostileVoEvent('ivo://x/laughs', '<What><Description>&f;</Description></What>', billionLaughs)),
    },
    {
      name: 'doctype-external-entity',
      description: 'a VOEvent whose DOCTYPE names file:///etc/passwd as an entity (XXE)',
      port: 'both',
      bytes: framed(
        hostileVoEvent(
          'ivo://x/xxe',
          '<What><Description>&xxe;</Description></What>',
          '<!DOCTYPE voe:VOEvent [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        ),
      ),
    },
    {
      name: 'many-declarations',
      description: '20,000 markup declarations before the root (a scan per declaration was quadratic)',
      port: 'both',
      bytes: framed(`${'<!x>'.repeat(20_000)}<Transport role="iamalive"/>`),
    },
    {
      name: 'unterminated-comment',
      description: 'a prolog comment that never ends',
      port: 'both',
      bytes: framed(`<!-- ${'-'.repeat(30_000)}`),
    },
    {
      name: 'binary-garbage',
      description: 'a frame of bytes that are not text',
      port: 'both',
      bytes: framed(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0xfe, 0x01])),
    },
    {
      name: 'empty-frame',
      description: 'a frame of zero bytes',
      port: 'both',
      bytes: framed(''),
    },
    {
      name: 'http-request',
      description: 'an HTTP request: "GET " reads as a 1.2 GB length prefix',
      port: 'both',
      bytes: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    },
    {
      name: 'max-length-prefix',
      description: 'a length prefix of 4 GiB - 1',
      port: 'both',
      bytes: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x3c]),
    },
    {
      name: 'oversize-event',
      description: 'a well-formed VOEvent just over the largest event accepted',
      port: 'author',
      bytes: framed(
        hostileVoEvent('ivo://x/oversize', `<What><Description>${'x'.repeat(maxEventBytes)}</Description></What>`),
      ),
    },
    {
      name: 'near-nats-max-payload',
      description: 'a VOEvent of nearly 1 MiB (NATS max_payload): was acked, then retried from the outbox for ever',
      port: 'author',
      bytes: framed(
        hostileVoEvent('ivo://x/near-1mib', `<What><Description>${'x'.repeat(1_048_000)}</Description></What>`),
      ),
    },
    {
      name: 'voevent-to-subscriber-port',
      description: 'an event sent to the subscriber port (answered with a nak)',
      port: 'subscriber',
      bytes: framed(hostileVoEvent('ivo://x/wrong-port')),
    },
    {
      name: 'unknown-role',
      description: 'a Transport with a role VTP does not have',
      port: 'both',
      bytes: framed(transport('pwn', '<Origin>ivo://x</Origin>')),
    },
    {
      name: 'half-frame',
      description: 'the prefix of a 1 MiB frame and 1 kB of it, then nothing (held until the frame deadline)',
      port: 'both',
      bytes: Buffer.concat([Buffer.from([0x00, 0x10, 0x00, 0x00]), Buffer.alloc(1024, 0x61)]),
      partial: true,
    },
    {
      name: 'prefix-only',
      description: 'three bytes of a length prefix, then nothing',
      port: 'both',
      bytes: Buffer.from([0x00, 0x00, 0x01]),
      partial: true,
    },
  ];
}
