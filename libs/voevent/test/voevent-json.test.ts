import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonToVoEvent,
  readVoEventXml,
  validateNoticeJson,
  VOEVENT_JSON_SCHEMA_ID,
  VoEventError,
  voEventToJson,
  writeVoEventXml,
} from '../src/index.js';
import { referenceNotices } from './reference-notices.js';
import { voEventArbitrary } from './voevent.arbitrary.js';

describe('voEventToJson / jsonToVoEvent', () => {
  it.each(referenceNotices())('%s: XML → JSON text → model → XML → model is lossless', (_path, xml) => {
    const event = readVoEventXml(xml);
    const json = JSON.parse(JSON.stringify(voEventToJson(event))) as unknown;
    expect(validateNoticeJson(json)).toEqual({ valid: true, errors: [] });
    const back = jsonToVoEvent(json);
    expect(back).toEqual(event);
    expect(writeVoEventXml(back)).toBe(writeVoEventXml(event));
  });

  it('round-trips random events', () => {
    fc.assert(
      fc.property(voEventArbitrary, (event) => {
        const json = voEventToJson(event);
        expect(json.$schema).toBe(VOEVENT_JSON_SCHEMA_ID);
        expect(jsonToVoEvent(JSON.parse(JSON.stringify(json)))).toEqual(event);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects what is not the JSON form, naming the field', () => {
    const [, xml] = referenceNotices('svom/real-gcn-kafka/mxt')[0]!;
    const json = voEventToJson(readVoEventXml(xml)) as unknown as { whereWhen: { position: { c1: unknown } } };
    json.whereWhen.position.c1 = '204.6';
    let caught: unknown;
    try {
      jsonToVoEvent(json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VoEventError);
    expect((caught as VoEventError).code).toBe('BAD_JSON');
    expect((caught as VoEventError).field).toBe('/whereWhen/position/c1');
    expect(() => jsonToVoEvent({ ivorn: 'ivo://a/b', role: 'observation', version: '2.0' })).toThrow(
      /\$schema|must have required/,
    );
  });
});
