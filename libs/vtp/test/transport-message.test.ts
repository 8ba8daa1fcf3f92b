import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  TRANSPORT_NAMESPACE,
  VtpParseError,
  buildAck,
  buildAuthenticate,
  buildIamalive,
  buildIamaliveResponse,
  buildNak,
  parseVtpMessage,
  peekVtpMessage,
} from '../src/index.js';
import type { TransportMessage } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const example = (name: string): string => readFileSync(join(root, 'testdata/vtp-examples', name), 'utf8');
const transport = (xml: string): TransportMessage => {
  const m = parseVtpMessage(xml);
  if (m.kind !== 'transport') throw new Error('expected a Transport message');
  return m;
};

describe('parseVtpMessage on the examples of the VTP 2.0 note (foreign namespace)', () => {
  it('reads an iamalive', () => {
    expect(transport(example('iamalive.xml'))).toEqual({
      kind: 'transport',
      role: 'iamalive',
      version: '1.0',
      origin: 'ivo://invalid.broker/example#',
      timestamp: '2001-01-01T00:00:00Z',
      meta: { params: [] },
    });
  });

  it('reads an iamalive response with Response and Meta params', () => {
    const m = transport(example('iamalive-response.xml'));
    expect(m.role).toBe('iamalive');
    expect(m.response).toBe('ivo://invalid.subscriber/example#');
    expect(m.meta.params).toEqual([
      { name: 'IPAddr', value: '10.0.0.0' },
      { name: 'Contact', value: 'name@subscriber.invalid' },
    ]);
    expect(m.meta.result).toBeUndefined();
  });

  it('reads an ack and a nak with their Result', () => {
    const ack = transport(example('ack.xml'));
    expect([ack.role, ack.origin, ack.meta.result]).toEqual([
      'ack',
      'ivo://invalid.author/example#0123456789',
      'Message received and validated successfully',
    ]);
    const nak = transport(example('nak.xml'));
    expect(nak.role).toBe('nak');
    expect(nak.meta.result).toBe('Error in VOEvent message: ISOTime not in ISO 8601 format');
  });

  it('reads an authenticate', () => {
    const m = transport(example('authenticate.xml'));
    expect([m.role, m.origin, m.response]).toEqual(['authenticate', 'ivo://invalid.broker/example#', undefined]);
  });
});

describe('namespace-agnostic parsing', () => {
  const body = '<Origin>ivo://b#</Origin><TimeStamp>2024-01-01T00:00:00Z</TimeStamp>';
  it.each([
    [
      'Comet/GCN prefix',
      `<trn:Transport xmlns:trn="${TRANSPORT_NAMESPACE}" role="iamalive" version="1.0">${body}</trn:Transport>`,
    ],
    ['other prefix', `<t:Transport xmlns:t="urn:x" role="iamalive" version="1.0">${body}</t:Transport>`],
    [
      'default namespace',
      `<Transport xmlns="${TRANSPORT_NAMESPACE}" role="iamalive" version="1.0">${body}</Transport>`,
    ],
    [
      'no namespace, comments around',
      `<?xml version="1.0"?><!-- c --><Transport role='iamalive' version='1.0'>${body}</Transport><!-- d -->`,
    ],
  ])('%s', (_label, xml) => {
    const m = transport(xml);
    expect([m.role, m.origin, m.timestamp]).toEqual(['iamalive', 'ivo://b#', '2024-01-01T00:00:00Z']);
  });

  it('rejects an unknown role, malformed Transport, a foreign root and non-XML', () => {
    expect(() => parseVtpMessage('<Transport role="hello" version="1.0"><Origin>x</Origin></Transport>')).toThrow(
      /role/,
    );
    expect(() => parseVtpMessage('<Transport role="ack" version="1.0"><Origin>x</Transport>')).toThrow(VtpParseError);
    expect(() => parseVtpMessage('<html><body/></html>')).toThrow(/unexpected root element <html>/);
    expect(() => parseVtpMessage(Buffer.from([0, 1, 2, 255]))).toThrow(VtpParseError);
    expect(() => parseVtpMessage('')).toThrow(VtpParseError);
  });
});

describe('VOEvent payloads', () => {
  const noticeDir = join(root, 'testdata/notices/svom/real-gcn-kafka/mxt');
  const files = readdirSync(noticeDir)
    .filter((f) => f.endsWith('.xml'))
    .slice(0, 3);

  it.each(files)('identifies the real FSC notice %s by its ivorn, keeping the text as is', (file) => {
    const xml = readFileSync(join(noticeDir, file), 'utf8');
    const m = parseVtpMessage(xml);
    const full = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(xml) as {
      VOEvent: Record<string, string>;
    };
    expect(m.kind).toBe('voevent');
    if (m.kind !== 'voevent') return;
    expect(m.ivorn).toBe(full.VOEvent['@_ivorn']);
    expect(m.ivorn).toMatch(/^ivo:\/\/org\.svom\/fsc#/);
    expect(m.role).toBe('observation');
    expect(m.xml).toBe(xml);
  });

  it('decodes entities in the ivorn and skips a DOCTYPE and comments', () => {
    const m = parseVtpMessage(
      '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<!-- <VOEvent ivorn="no"/> -->\n<VOEvent role="test" ivorn="ivo://a/b#c&amp;d" note="x>y"/>',
    );
    expect(m).toMatchObject({ kind: 'voevent', ivorn: 'ivo://a/b#c&d', role: 'test' });
  });
});

describe('builders', () => {
  const at = new Date('2024-05-01T12:34:56.789Z');

  it('emit the Comet/GCN namespace, unqualified children, in schema order', () => {
    const xml = buildAck('ivo://org.svom/fsc#sb1', {
      response: 'ivo://me#',
      timestamp: at,
      params: [{ name: 'IPAddr', value: '127.0.0.1' }],
      result: 'ok',
    });
    expect(xml).toMatch(
      new RegExp(
        `^<\\?xml version='1.0' encoding='UTF-8'\\?>\\n<trn:Transport xmlns:trn="${TRANSPORT_NAMESPACE}" version="1.0" role="ack">`,
      ),
    );
    const order = [...xml.matchAll(/<(\w+)[ />]/g)].map((m) => m[1]);
    expect(order).toEqual(['Origin', 'Response', 'TimeStamp', 'Meta', 'Param', 'Result']);
    expect(xml).toContain('<TimeStamp>2024-05-01T12:34:56Z</TimeStamp>');
  });

  it('round-trip through the parser, escaping markup characters', () => {
    const nak = transport(buildNak('ivo://a#<&>', 'bad "ISOTime" & <Date>', { response: 'ivo://r#', timestamp: at }));
    expect(nak).toEqual({
      kind: 'transport',
      role: 'nak',
      version: '1.0',
      origin: 'ivo://a#<&>',
      response: 'ivo://r#',
      timestamp: '2024-05-01T12:34:56Z',
      meta: { params: [], result: 'bad "ISOTime" & <Date>' },
    });
    const ping = transport(buildIamalive('ivo://org.svom/fsc#vtp-broker', at));
    expect([ping.role, ping.origin, ping.response, ping.meta]).toEqual([
      'iamalive',
      'ivo://org.svom/fsc#vtp-broker',
      undefined,
      { params: [] },
    ]);
    const pong = transport(
      buildIamaliveResponse(ping, { response: 'ivo://sub#', params: [{ name: 'Contact', value: 'a@b' }] }),
    );
    expect([pong.role, pong.origin, pong.response, pong.meta.params]).toEqual([
      'iamalive',
      ping.origin,
      'ivo://sub#',
      [{ name: 'Contact', value: 'a@b' }],
    ]);
    expect(transport(buildAuthenticate('ivo://b#')).role).toBe('authenticate');
    expect(Date.parse(ping.timestamp)).toBe(Date.parse('2024-05-01T12:34:56Z'));
  });

  it('peekVtpMessage agrees with the full parser on role and origin', () => {
    for (const xml of [example('ack.xml'), example('nak.xml'), buildAck('ivo://x#a&b'), buildNak('ivo://y#', 'no')]) {
      const full = transport(xml);
      expect(peekVtpMessage(xml)).toEqual({ localName: 'Transport', role: full.role, origin: full.origin });
    }
    expect(peekVtpMessage('\u0000\u0001garbage')).toBeUndefined();
  });
});

describe('peekVtpMessage fast path', () => {
  it('agrees with the full parser on odd but legal shapes', () => {
    const shapes = [
      `<?xml version="1.0"?>\n<!-- a -- comment -->\n<!--x--><trn:Transport xmlns:trn="u" role='nak' version="1.0" note="a>b"><Origin> ivo://x#1 </Origin><TimeStamp>t</TimeStamp></trn:Transport>`,
      `<?xml version="1.0"?><!DOCTYPE Transport><Transport role="ack" version="1.0"><Origin>ivo://x#2&amp;3</Origin><TimeStamp>t</TimeStamp></Transport>`,
      `\uFEFF<Transport\n  version="1.0"\n  role="iamalive"><Origin>ivo://b#</Origin><TimeStamp>t</TimeStamp></Transport>`,
    ];
    for (const xml of shapes) {
      const full = transport(xml);
      expect(peekVtpMessage(xml)).toEqual({ localName: 'Transport', role: full.role, origin: full.origin.trim() });
    }
    expect(
      peekVtpMessage(`<?xml version="1.0"?>\n<voe:VOEvent xmlns:voe="v" ivorn="ivo://a#b&amp;c" role="test"/>`),
    ).toEqual({ localName: 'VOEvent', role: 'test', origin: 'ivo://a#b&c' });
  });
});
