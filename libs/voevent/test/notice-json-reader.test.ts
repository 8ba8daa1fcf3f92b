import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  NoticeJsonEnvelope,
  parseUtc,
  readNoticeJson,
  readVoEventXml,
  SVOM_NOTICE_TYPES,
  SvomInfoJson,
  svomIvorn,
  svomNoticeFromVoEvent,
  svomNoticeToJson,
  type RetractionNotice,
  type SvomNotice,
} from '../src/index.js';
import { referenceNotices } from './reference-notices.js';

const real = referenceNotices('svom/real-gcn-kafka').map(
  ([path, xml]) => [path, svomNoticeFromVoEvent(readVoEventXml(xml))] as const,
);
const vt: SvomNotice = {
  name: 'vt',
  packetType: 211,
  burstId: 'sb26022501',
  serialNumber: 2,
  dateIssued: '2026-02-25T09:20:11Z',
  t0: '2026-02-25T08:51:04.859Z',
  position: { raDeg: 204.65, decDeg: 44.6257, errorRadiusDeg: 0.0012 },
  candidates: [{ raDeg: 204.650119, decDeg: 44.625812, errorRadiusArcsec: 0.45, magnitude: 19.234, band: 'VT_R' }],
};
const measured = real.map(([, n]) => n).find((n) => n.name === 'slewing') as RetractionNotice['retracted'];
const retraction: SvomNotice = {
  name: 'retraction',
  packetType: 219,
  burstId: measured.burstId,
  serialNumber: 1,
  dateIssued: '2026-02-25T09:30:00Z',
  advocateComment: 'Determined to not be a viable GRB candidate',
  retracted: measured,
  citations: [{ ivorn: svomIvorn(measured.burstId, 'slewing') }],
};
const notices: Array<readonly [string, SvomNotice]> = [...real, ['vt', vt], ['retraction', retraction]];

describe('readNoticeJson: the one reader, round-tripped against svomNoticeToJson', () => {
  it('covers every notice kind the FSC writes', () => {
    const kinds = new Set(notices.map(([, n]) => n.packetType));
    expect([...kinds].sort()).toEqual(Object.keys(SVOM_NOTICE_TYPES).map(Number).sort());
  });

  it.each(notices)('%s: the JSON matches the envelope and reads back to the notice', (_path, notice) => {
    const json = svomNoticeToJson(notice);
    expect([...Value.Errors(NoticeJsonEnvelope, json)].slice(0, 3)).toEqual([]);
    const read = readNoticeJson(JSON.parse(JSON.stringify(json)));
    expect(read.problems).toEqual([]);
    expect(Value.Check(SvomInfoJson, read.svom)).toBe(true);
    const content = notice.name === 'retraction' ? notice.retracted : notice;
    expect(read).toMatchObject({
      schema: json.$schema,
      burstId: notice.burstId,
      name: notice.name,
      packetType: notice.packetType,
      ivorn: svomIvorn(notice.burstId, notice.name),
      serialNumber: notice.serialNumber,
      retraction: notice.name === 'retraction',
      triggerTime: new Date(parseUtc(content.t0)).toISOString(),
      reason: notice.name === 'retraction' ? notice.advocateComment : undefined,
    });
    const position = notice.name === 'retraction' ? undefined : notice.position;
    expect(read.position).toEqual(
      position && { raDeg: position.raDeg, decDeg: position.decDeg, errorRadiusDeg: position.errorRadiusDeg ?? null },
    );
  });

  it('says what is wrong and never throws', () => {
    expect(readNoticeJson([1]).problems).toEqual([{ path: '', message: 'a notice is a JSON object' }]);
    expect(readNoticeJson(null).burstId).toBeUndefined();
    const bad = readNoticeJson({ id: ['sb1'], ra: 400, dec: -91, trigger_time: 'yesterday' });
    expect(bad.problems.map((p) => p.path)).toEqual(['/trigger_time', '/ra', '/dec']);
    expect(bad.position).toBeUndefined();
    expect(readNoticeJson({ ra: 10, dec: 2, ra_dec_error: -1 }).position).toEqual({
      raDeg: 10,
      decDeg: 2,
      errorRadiusDeg: null,
    });
    expect(readNoticeJson({ additional_info: 'free text' }).svom).toEqual({});
  });

  it('parseUtc reads a zoneless GCN time as UTC', () => {
    expect(parseUtc('2024-02-22T08:51:31.320000')).toBe(Date.UTC(2024, 1, 22, 8, 51, 31, 320));
    expect(parseUtc('2024-02-22T08:51:31.320+00:00')).toBe(Date.UTC(2024, 1, 22, 8, 51, 31, 320));
    expect(parseUtc('no')).toBeNaN();
  });
});
