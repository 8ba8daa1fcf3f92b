import { describe, expect, it } from 'vitest';
import { readVoEventXml, VoEventError, writeVoEventXml } from '../src/index.js';
import { referenceNotices } from './reference-notices.js';

const notices = referenceNotices();

describe('readVoEventXml on the reference notices', () => {
  it('finds the SVOM, Swift and Fermi notices', () => {
    expect(notices.length).toBeGreaterThanOrEqual(60);
    expect(notices.some(([path]) => path.startsWith('other/swift'))).toBe(true);
    expect(notices.some(([path]) => path.startsWith('other/fermi-gbm'))).toBe(true);
  });

  it.each(notices)('%s: read → write → read gives the same model', (_path, xml) => {
    const event = readVoEventXml(xml);
    expect(readVoEventXml(writeVoEventXml(event))).toEqual(event);
  });

  it('reads every part of an SVOM ECLAIRs notice', () => {
    const [, xml] = notices.find(([path]) => path.endsWith('eclairs_300.xml'))!;
    const event = readVoEventXml(xml);
    expect(event.ivorn).toBe('ivo://org.svom/fsc#sb26022501_slewing');
    expect(event.role).toBe('observation');
    expect(event.who).toEqual({
      authorIvorn: 'ivo://org.svom/fsc',
      date: '2026-02-25T08:54:17+00:00',
      author: {
        title: 'SVOM French Science Center',
        shortName: 'FSC',
        contactName: 'Henri Louvin',
        contactEmail: 'svom-contact@cea.fr',
      },
    });
    expect(event.what?.params[0]).toEqual({ name: 'Packet_Type', value: '204', ucd: 'meta.id' });
    expect(event.what?.groups.map((g) => g.name)).toEqual([
      'Svom_Identifiers',
      'Detection_Info',
      'Target_Info',
      'Satellite_Info',
    ]);
    expect(event.what?.groups[1]?.params[0]).toEqual({ name: 'SNR', value: '16.32', unit: 'sigma', ucd: 'stat.snr' });
    expect(event.whereWhen).toEqual({
      observatoryLocation: 'GEOLEO',
      coordSystem: 'UTC-ICRS-GEO',
      isoTime: '2026-02-25T08:50:57.169000',
      timeUnit: 's',
      position: { unit: 'deg', name1: 'RA', name2: 'Dec', c1: 204.6748, c2: 44.6546, error2Radius: 0.0854 },
    });
    expect(event.how).toEqual({
      descriptions: ['N1e notice, data from ECLAIRs'],
      references: [{ uri: 'https://www.svom.eu/en/telescope-eclairs-en/' }],
    });
    expect(event.citations?.eventIvorns).toEqual([
      { ivorn: 'ivo://org.svom/fsc#sb26022501_eclairs-preliminary', cite: 'followup' },
      { ivorn: 'ivo://org.svom/fsc#sb26022501_eclairs-wakeup', cite: 'followup' },
    ]);
  });

  it('reads Why, dataType, group descriptions and Who description of a Swift notice', () => {
    const [, xml] = notices.find(([path]) => path.endsWith('SWIFT_bat_position_v2.0_example.xml'))!;
    const event = readVoEventXml(xml);
    expect(event.why).toEqual({
      importance: 0.9,
      inferences: [{ probability: 0.98, name: 'GRB 120907', concept: 'process.variation.burst;em.gamma' }],
    });
    expect(event.what?.params.find((p) => p.name === 'Burst_SOD')).toEqual({
      name: 'Burst_SOD',
      dataType: 'string',
      value: '1463.08',
      ucd: 'time',
      unit: 'sec',
    });
    expect(event.what?.groups.find((g) => g.name === 'Obs_Support_Info')?.description).toMatch(/^The Sun and Moon/);
    expect(event.who?.description).toMatch(/GCN VOE version: 1.11/);
    expect(event.how?.references).toEqual([{ type: 'url', uri: 'http://gcn.gsfc.nasa.gov/swift.html' }]);
    expect(event.description).toBe('');
  });

  it('keeps the XML as the FSC writes it (declaration, namespace, 4-digit coordinates)', () => {
    const [, xml] = notices.find(([path]) => path.endsWith('eclairs_299.xml'))!;
    const out = writeVoEventXml(readVoEventXml(xml));
    expect(
      out.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0"',
      ),
    ).toBe(true);
    expect(out).toContain('<C1>204.6500</C1>');
    expect(out).toContain('<Error2Radius>0.0981</Error2Radius>');
    expect(out).toContain('<Param name="Moon_Angle" value="93.56" unit="deg" ucd="pos.angdistance"/>');
    expect(out).toContain('<Who>');
  });
});

describe('reader errors', () => {
  function codeOf(xml: string): VoEventError {
    try {
      readVoEventXml(xml);
    } catch (error) {
      if (error instanceof VoEventError) return error;
      throw error;
    }
    throw new Error('no error thrown');
  }

  it('NOT_XML with the line of the fault', () => {
    const error = codeOf(
      '<?xml version="1.0"?>\n<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0">\n<Who>\n</What>\n</voe:VOEvent>',
    );
    expect(error.code).toBe('NOT_XML');
    expect(error.name).toBe('VoEventError');
    expect(error.line).toBe(4);
    expect(codeOf('not xml at all').code).toBe('NOT_XML');
  });

  it('NOT_VOEVENT for another root or namespace', () => {
    expect(codeOf('<Transport/>').code).toBe('NOT_VOEVENT');
    expect(codeOf('<voe:VOEvent xmlns:voe="urn:other" ivorn="ivo://x/y"/>').code).toBe('NOT_VOEVENT');
  });

  it('UNSUPPORTED_VERSION for VOEvent 1.1', () => {
    expect(
      codeOf('<voe:VOEvent xmlns:voe="http://www.ivoa.net/xml/VOEvent/v1.1" version="1.1" ivorn="ivo://x/y"/>').code,
    ).toBe('UNSUPPORTED_VERSION');
  });

  it('MISSING_FIELD and BAD_VALUE name the field', () => {
    const ns = 'xmlns:voe="http://www.ivoa.net/xml/VOEvent/v2.0" version="2.0"';
    const missing = codeOf(`<voe:VOEvent ${ns} role="test"/>`);
    expect([missing.code, missing.field]).toEqual(['MISSING_FIELD', 'VOEvent/@ivorn']);
    const badRole = codeOf(`<voe:VOEvent ${ns} ivorn="ivo://a/b" role="guess"/>`);
    expect([badRole.code, badRole.field]).toEqual(['BAD_VALUE', 'VOEvent/@role']);
    const badC1 =
      codeOf(`<voe:VOEvent ${ns} ivorn="ivo://a/b"><WhereWhen><ObsDataLocation><ObservatoryLocation id="GEOLEO"/>
      <ObservationLocation><AstroCoordSystem id="UTC-ICRS-GEO"/><AstroCoords coord_system_id="UTC-ICRS-GEO">
      <Position2D unit="deg"><Value2><C1>abc</C1><C2>1</C2></Value2><Error2Radius>1</Error2Radius></Position2D>
      </AstroCoords></ObservationLocation></ObsDataLocation></WhereWhen></voe:VOEvent>`);
    expect(badC1.code).toBe('BAD_VALUE');
    expect(badC1.field).toBe('WhereWhen/ObsDataLocation/ObservationLocation/AstroCoords/Position2D/Value2/C1');
  });
});
