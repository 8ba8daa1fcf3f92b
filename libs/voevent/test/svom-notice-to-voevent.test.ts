import { describe, expect, it } from 'vitest';
import type { SvomNotice, VoEvent } from '../src/index.js';
import {
  readVoEventXml,
  svomIvorn,
  svomNoticeFromVoEvent,
  svomNoticeToVoEvent,
  validateVoEventXml,
  VoEventError,
  writeVoEventXml,
} from '../src/index.js';
import { referenceNotices } from './reference-notices.js';

const real = referenceNotices('svom/real-gcn-kafka').map(([path, xml]) => [path, readVoEventXml(xml)] as const);

/** Group and Param names, units and UCDs (UCD words are case-insensitive: IVOA UCD1+). */
function structure(event: VoEvent): string[] {
  const line = (prefix: string, p: { name: string; unit?: string; ucd?: string }): string =>
    `${prefix}${p.name} [${p.unit ?? ''}] ${p.ucd?.toLowerCase() ?? ''}`;
  return [
    ...(event.what?.params ?? []).map((p) => line('', p)),
    ...(event.what?.groups ?? []).flatMap((g) => [`group ${g.name}`, ...g.params.map((p) => line(`${g.name}/`, p))]),
    `position ${event.whereWhen?.position ? 'yes' : 'no'}`,
    `how ${event.how ? 'yes' : 'no'}`,
    `citations ${event.citations?.eventIvorns.map((c) => c.cite).join(',') ?? 'none'}`,
  ];
}

/** The event with UCDs lower-cased, to compare values too. */
function normalised(event: VoEvent): VoEvent {
  return JSON.parse(JSON.stringify(event), (key, value: unknown) =>
    key === 'ucd' && typeof value === 'string' ? value.toLowerCase() : value,
  ) as VoEvent;
}

describe('svomNoticeToVoEvent against the real FSC notices', () => {
  it('covers every Packet_Type of the real notices', () => {
    const types = new Set(real.map(([, e]) => e.what?.params.find((p) => p.name === 'Packet_Type')?.value));
    expect([...types].sort()).toEqual(['201', '202', '203', '204', '205', '209', '210', '219']);
  });

  it.each(real)('%s: same groups, Params, units and UCDs', (_path, event) => {
    const built = svomNoticeToVoEvent(svomNoticeFromVoEvent(event));
    expect(structure(built)).toEqual(structure(event));
  });

  it.each(real)('%s: same values and rounding, and the XML validates', (_path, event) => {
    // The contact changed over time (2025 notices name another person): take it from the real one.
    const author = event.who?.author ?? {};
    const xml = writeVoEventXml(svomNoticeToVoEvent(svomNoticeFromVoEvent(event), { author }));
    expect(validateVoEventXml(xml)).toEqual({ valid: true });
    expect(normalised(readVoEventXml(xml))).toEqual(normalised(event));
  });
});

const base = {
  burstId: 'sb26022501',
  serialNumber: 1,
  dateIssued: '2026-02-25T08:52:07.512Z',
  t0: '2026-02-25T08:51:04.859Z',
  position: { raDeg: 204.649987, decDeg: 44.62571, errorRadiusDeg: 0.09812 },
  sky: { galacticLonDeg: 97.6213, galacticLatDeg: 70.1149, sunAngleDeg: 126.549, moonAngleDeg: 93.5612 },
  pointing: { raDeg: 194.3811, decDeg: 24.2093, rollDeg: 287.2248 },
  satellite: { lonDeg: -6.8612, latDeg: 1.6081, altitudeKm: 620.6712 },
};

describe('svomNoticeToVoEvent rounding and citations', () => {
  const wakeup: SvomNotice = {
    ...base,
    name: 'eclairs-wakeup',
    packetType: 202,
    snr: 13.9149,
    timescaleS: 20.4,
    energyBandKev: [8, 120],
    triggerType: 'CRT',
    slewStatus: 'not-requested',
  };

  it('rounds as the real eclairs_299 does', () => {
    const xml = writeVoEventXml(svomNoticeToVoEvent(wakeup));
    const [, realXml] = referenceNotices('svom/real-gcn-kafka/eclairs').find(([p]) => p.endsWith('eclairs_299.xml'))!;
    const realEvent = readVoEventXml(realXml);
    const ours = readVoEventXml(xml);
    expect(ours.what).toEqual(realEvent.what);
    expect(ours.whereWhen).toEqual(realEvent.whereWhen);
    expect(ours.who).toEqual(realEvent.who);
    expect(xml).toContain('<C1>204.6500</C1>');
    expect(xml).toContain('<ISOTime>2026-02-25T08:51:04.859000</ISOTime>');
  });

  it('cites earlier notices as followup, and as retraction in a retraction with the comment', () => {
    const slewing: SvomNotice = {
      ...wakeup,
      name: 'slewing',
      packetType: 204,
      slewStatus: 'accepted',
      citations: [{ ivorn: svomIvorn('sb26022501', 'eclairs-wakeup') }],
    };
    expect(svomNoticeToVoEvent(slewing).citations).toEqual({
      eventIvorns: [{ ivorn: 'ivo://org.svom/fsc#sb26022501_eclairs-wakeup', cite: 'followup' }],
    });
    const retraction: SvomNotice = {
      name: 'retraction',
      packetType: 219,
      burstId: 'sb26022501',
      serialNumber: 1,
      dateIssued: '2026-02-25T09:30:00Z',
      advocateComment: 'Determined to not be a viable GRB candidate',
      retracted: slewing,
      citations: [{ ivorn: svomIvorn('sb26022501', 'eclairs-wakeup') }, { ivorn: svomIvorn('sb26022501', 'slewing') }],
    };
    const event = svomNoticeToVoEvent(retraction);
    expect(event.ivorn).toBe('ivo://org.svom/fsc#sb26022501_retraction');
    expect(event.how).toBeUndefined();
    expect(event.citations?.eventIvorns.map((c) => c.cite)).toEqual(['retraction', 'retraction']);
    expect(event.citations?.description).toBe('Determined to not be a viable GRB candidate');
    expect(event.what?.groups[0]?.params.find((p) => p.name === 'Notice_Level')?.value).toBe('N3e');
    expect(validateVoEventXml(writeVoEventXml(event))).toEqual({ valid: true });
  });

  it('writes VT candidates as one Group each, and validates', () => {
    const vt: SvomNotice = {
      ...base,
      name: 'vt',
      packetType: 211,
      candidates: [
        { raDeg: 204.65012, decDeg: 44.62591, errorRadiusArcsec: 0.5, magnitude: 19.2, band: 'VT_R' },
        { raDeg: 204.6611, decDeg: 44.6302, errorRadiusArcsec: 0.7 },
      ],
    };
    const event = svomNoticeToVoEvent(vt);
    expect(event.what?.params.find((p) => p.name === 'Instrument')?.value).toBe('VT');
    expect(event.what?.groups.filter((g) => g.name === 'VT_Candidate')).toHaveLength(2);
    expect(event.what?.groups[0]?.params.find((p) => p.name === 'Notice_Level')?.value).toBe('N2v');
    expect(validateVoEventXml(writeVoEventXml(event))).toEqual({ valid: true });
  });

  it('refuses an inconsistent notice with BAD_NOTICE', () => {
    expect(() => svomNoticeToVoEvent({ ...wakeup, packetType: 204 } as SvomNotice)).toThrow(VoEventError);
    expect(() => svomNoticeToVoEvent({ ...wakeup, burstId: 'GRB260225A' })).toThrow(/Burst_Id/);
    expect(() => svomNoticeToVoEvent({ ...wakeup, t0: '2026-02-25 08:51' })).toThrow(/t0/);
    expect(() => svomIvorn('sb26022501', 'eclairs-final' as never)).toThrow(/not an SVOM notice name/);
  });
});
