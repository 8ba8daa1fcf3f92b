import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublishedEvent, SubscriberInfo } from '@svom/vtp';
import { eventually } from '@svom/service-kit/testing';
import {
  readSubscriberFilterFile,
  SubscriberFilters,
  type SubscriberFilterRule,
} from '../src/vtp/subscriber-filters.js';
import { WatchedSubscriberFilters } from '../src/vtp/subscriber-filters.watch.js';

const notice = (path: string): PublishedEvent => {
  const xml = readFileSync(new URL(`../../../testdata/notices/${path}`, import.meta.url), 'utf8');
  return { ivorn: /ivorn="([^"]+)"/.exec(xml)![1]!, xml };
};
const mxt = notice('svom/real-gcn-kafka/mxt/mxt_47.xml'); // MXT, SNR 50, RA 252.6 Dec +36.8
const grm = notice('svom/real-gcn-kafka/grm/grm_334.xml'); // GRM trigger, Packet_Type 201, no position error
const swift = notice('other/swift/swift_bat_grb_pos_test_9264.xml');
const at = (remoteAddress: string): SubscriberInfo => ({
  id: 1,
  remoteAddress,
  remotePort: 4000,
  connectedAt: new Date(0),
  sent: 0,
  acked: 0,
  naked: 0,
  writableLength: 0,
});

/** Which of mxt, grm, swift a subscriber at `address` gets under `rules`. */
function received(rules: SubscriberFilterRule[], address: string): string[] {
  const filters = new SubscriberFilters(rules);
  try {
    return Object.entries({ mxt, grm, swift })
      .filter(([, e]) => filters.accepts(at(address), e))
      .map(([name]) => name);
  } finally {
    filters.dispose();
  }
}

describe('VTP subscriber filters', () => {
  it('gives a subscriber no rule names every event', () => {
    expect(received([{ subscribers: ['192.0.2.0/24'], types: ['mxt'] }], '198.51.100.7')).toEqual([
      'mxt',
      'grm',
      'swift',
    ]);
  });

  it('selects by the criteria of svom listen: types, Packet_Type, instruments, SNR, region', () => {
    expect(received([{ subscribers: ['192.0.2.0/24'], types: ['mxt'] }], '192.0.2.9')).toEqual(['mxt']);
    expect(received([{ subscribers: ['192.0.2.9'], types: ['201'] }], '192.0.2.9')).toEqual(['grm']);
    expect(received([{ subscribers: ['192.0.2.9'], instruments: ['grm', 'MXT'] }], '192.0.2.9')).toEqual([
      'mxt',
      'grm',
    ]);
    expect(received([{ subscribers: ['192.0.2.9'], minSnr: 20 }], '192.0.2.9')).toEqual(['mxt']);
    expect(
      received([{ subscribers: ['192.0.2.9'], region: { raDeg: 252, decDeg: 37, radiusDeg: 1 } }], '192.0.2.9'),
    ).toEqual(['mxt']);
  });

  it('selects by XPath, and a rule giving both needs both', () => {
    const bat = 'starts-with(/voe:VOEvent/@ivorn, "ivo://nasa.gsfc.gcn/SWIFT")';
    expect(received([{ subscribers: ['192.0.2.9'], xpath: bat }], '192.0.2.9')).toEqual(['swift']);
    expect(received([{ subscribers: ['192.0.2.9'], xpath: '//Param[@name="Burst_Id"]' }], '192.0.2.9')).toEqual([
      'mxt',
      'grm',
    ]); // SVOM's, not Swift's
    expect(
      received([{ subscribers: ['192.0.2.9'], xpath: '//Param[@name="Burst_Id"]', types: ['201'] }], '192.0.2.9'),
    ).toEqual(['grm']);
  });

  it('gives a subscriber several rules name the union of what they pass; IPv4-mapped addresses match', () => {
    const rules: SubscriberFilterRule[] = [
      { subscribers: ['192.0.2.0/24'], types: ['mxt'] },
      { subscribers: ['192.0.2.9', '2001:db8::/32'], types: ['201'] },
    ];
    expect(received(rules, '::ffff:192.0.2.9')).toEqual(['mxt', 'grm']);
    expect(received(rules, '192.0.2.10')).toEqual(['mxt']);
    expect(received(rules, '2001:db8::5')).toEqual(['grm']);
  });

  it('reads an event once for all subscribers', () => {
    const filters = new SubscriberFilters([{ subscribers: ['192.0.2.0/24'], types: ['mxt'] }]);
    const event = { ...mxt };
    let reads = 0;
    Object.defineProperty(event, 'xml', { get: () => (reads++, mxt.xml) });
    for (let i = 0; i < 50; i++) expect(filters.accepts(at(`192.0.2.${i}`), event)).toBe(true);
    expect(reads).toBe(1);
    filters.dispose();
  });

  it('refuses a bad file, rule or XPath at start-up, naming what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svom-filters-'));
    const file = (content: string) => {
      const path = join(dir, `${Math.random()}.json`);
      writeFileSync(path, content);
      return path;
    };
    expect(readSubscriberFilterFile(file('[{"subscribers":["10.0.0.0/8"],"types":["mxt"]}]'))).toEqual([
      { subscribers: ['10.0.0.0/8'], types: ['mxt'] },
    ]);
    expect(() => readSubscriberFilterFile(file('[{"subscribers":["10.0.0.0/8"],"minSnr":"high"}]'))).toThrow(
      /VTP_FILTERS_FILE .*: \/0\/minSnr/,
    );
    expect(() => readSubscriberFilterFile(file('[{"subscribers":[],"types":["mxt"]}]'))).toThrow(/\/0\/subscribers/);
    expect(() => readSubscriberFilterFile(file('[{"subscribers":["10.0.0.1"],"typo":1}]'))).toThrow(/\/0/);
    expect(() => readSubscriberFilterFile(file('not json'))).toThrow(/VTP_FILTERS_FILE/);
    expect(() => new SubscriberFilters([{ subscribers: ['10.0.0.300'] }])).toThrow(/not an IP address or CIDR/);
    expect(() => new SubscriberFilters([{ subscribers: ['10.0.0.1'], xpath: '//[' }])).toThrow(/not a valid XPath/);
  });
});

describe('VTP subscriber filters, edited while running', () => {
  it('takes a changed file without a restart, and keeps the rules in force when an edit is bad', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'svom-filters-')), 'filters.json');
    writeFileSync(path, JSON.stringify([{ subscribers: ['192.0.2.0/24'], types: ['mxt'] }]));
    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (_: object, msg: string) => void warnings.push(msg) };
    const watched = new WatchedSubscriberFilters(path, logger, 20);
    watched.start();
    try {
      const gets = () =>
        Object.entries({ mxt, grm, swift })
          .filter(([, e]) => watched.accepts(at('192.0.2.9'), { ...e }))
          .map(([name]) => name);
      expect(gets()).toEqual(['mxt']);
      writeFileSync(
        path,
        JSON.stringify([
          { subscribers: ['192.0.2.0/24'], types: ['201'] },
          { subscribers: ['10.0.0.0/8'], types: ['mxt'] },
        ]),
      );
      await eventually(() => watched.reloads === 1, 'the reload');
      expect(watched.rules).toBe(2);
      expect(gets()).toEqual(['grm']);
      writeFileSync(path, '[{"subscribers": ["192.0.2.0/24"], "minSnr": "high"}]');
      await eventually(() => warnings.length === 1, 'the warning');
      expect(warnings[0]).toMatch(/not reloaded/);
      expect(watched.reloads).toBe(1);
      expect(gets()).toEqual(['grm']);
    } finally {
      watched.stop();
    }
  });
});
