import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SvomNotice } from '../src/index.js';
import {
  FSC_SCHEMA_IDS,
  GCN_SVOM_TRIGGER_SCHEMA_ID,
  readVoEventXml,
  svomNoticeFromVoEvent,
  svomNoticeToJson,
  validateNoticeJson,
} from '../src/index.js';
import { referenceNotices } from './reference-notices.js';

const SCHEMAS = new URL('../schemas/', import.meta.url).pathname;

function examples(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? examples(path) : path.endsWith('.example.json') ? [path] : [];
  });
}

/** Examples that name a schema (GCN's core examples are fragments without `$schema`). */
const exampleFiles = [...examples(join(SCHEMAS, 'gcn-schema')), ...examples(join(SCHEMAS, 'fsc'))]
  .filter((path) => '$schema' in (JSON.parse(readFileSync(path, 'utf8')) as object))
  .map((path) => [path.slice(SCHEMAS.length), JSON.parse(readFileSync(path, 'utf8')) as unknown] as const);

const realNotices = referenceNotices('svom/real-gcn-kafka').map(
  ([path, xml]) => [path, svomNoticeFromVoEvent(readVoEventXml(xml))] as const,
);

const vt: SvomNotice = {
  name: 'vt',
  packetType: 211,
  burstId: 'sb26022501',
  serialNumber: 1,
  dateIssued: '2026-02-25T09:20:11.123456Z',
  t0: '2026-02-25T08:51:04.859Z',
  position: { raDeg: 204.6500123456, decDeg: 44.625712345, errorRadiusDeg: 0.0012345 },
  candidates: [{ raDeg: 204.650119, decDeg: 44.625812, errorRadiusArcsec: 0.45, magnitude: 19.234, band: 'VT_R' }],
};

describe('JSON schemas and examples', () => {
  it('finds GCN SVOM examples and ours', () => {
    const names = exampleFiles.map(([name]) => name);
    expect(names).toContain('gcn-schema/gcn/notices/svom/grm/trigger.example.json');
    expect(names).toEqual(
      expect.arrayContaining([
        'fsc/mxt.example.json',
        'fsc/vt.example.json',
        'fsc/retraction.example.json',
        'fsc/voevent.example.json',
      ]),
    );
  });

  it.each(exampleFiles)('%s validates', (_name, json) => {
    expect(validateNoticeJson(json)).toEqual({ valid: true, errors: [] });
  });

  it('gives every FSC schema a versioned $id under the documented base (docs/schemas.md)', () => {
    for (const file of readdirSync(join(SCHEMAS, 'fsc')).filter((f) => f.endsWith('.schema.json'))) {
      const schema = JSON.parse(readFileSync(join(SCHEMAS, 'fsc', file), 'utf8')) as { $id: string };
      expect(schema.$id).toMatch(
        new RegExp(`^https://fsc\\.svom\\.eu/schemas/v1/(notices/(core/)?)?${file.replace('.', '\\.')}$`),
      );
    }
  });
});

describe('svomNoticeToJson', () => {
  it.each(realNotices)('%s: the JSON validates against the schema it names', (_path, notice) => {
    const json = svomNoticeToJson(notice);
    const expected =
      notice.packetType <= 205
        ? GCN_SVOM_TRIGGER_SCHEMA_ID
        : notice.packetType === 219
          ? FSC_SCHEMA_IDS.retraction
          : FSC_SCHEMA_IDS.mxt;
    expect(json.$schema).toBe(expected);
    expect(validateNoticeJson(json)).toEqual({ valid: true, errors: [] });
  });

  it('VT JSON validates and keeps full precision', () => {
    const json = svomNoticeToJson(vt);
    expect(validateNoticeJson(json)).toEqual({ valid: true, errors: [] });
    expect(json['ra']).toBe(204.6500123456);
    expect(json['ra_dec_error']).toBe(0.0012345);
    expect(json['alert_datetime']).toBe('2026-02-25T09:20:11.123456Z');
    expect((json['candidates'] as Array<Record<string, number>>)[0]?.['ra_dec_error']).toBeCloseTo(0.45 / 3600, 12);
  });

  it('trigger JSON carries the FSC extras in additional_info, unrounded', () => {
    const [, wakeup] = realNotices.find(([path]) => path.endsWith('eclairs_299.xml'))!;
    const precise = {
      ...wakeup,
      sky: { galacticLonDeg: 97.6213456, galacticLatDeg: 70.11, sunAngleDeg: 126.55, moonAngleDeg: 93.56 },
    } as SvomNotice;
    const json = svomNoticeToJson(precise);
    expect(json['slew_status']).toBe('not_requested');
    expect(json['trigger_type']).toBe('rate');
    const extra = JSON.parse(json['additional_info'] as string) as { svom: Record<string, unknown> };
    expect(extra.svom).toMatchObject({
      packet_type: 202,
      notice_level: 'N1e',
      galactic_lon: 97.6213456,
      ivorn: 'ivo://org.svom/fsc#sb26022501_eclairs-wakeup',
    });
  });

  it('a broken notice fails with the path of the fault', () => {
    const json = svomNoticeToJson(vt);
    const broken = {
      ...json,
      candidates: [{ ra: 'north', dec: 1, ra_dec_error: 1 }],
      svom: { ...(json['svom'] as object), packet_type: 212 },
    };
    const result = validateNoticeJson(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['/candidates/0/ra', '/svom/packet_type']));
    const extra = validateNoticeJson({ ...svomNoticeToJson(realNotices[0]![1]), favourite_colour: 'blue' });
    expect(extra.valid).toBe(false);
    expect(extra.errors[0]?.message).toMatch(/favourite_colour/);
    expect(validateNoticeJson({ ra: 1 }).errors).toEqual([
      { path: '/$schema', message: 'must name the schema the notice follows' },
    ]);
    expect(validateNoticeJson({ $schema: 'https://example.org/x.json' }).valid).toBe(false);
  });
});
