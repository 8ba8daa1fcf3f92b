import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readVoEventXml, validateVoEventXml, writeVoEventXml } from '../src/index.js';
import { voEventArbitrary } from './voevent.arbitrary.js';

describe('writeVoEventXml / readVoEventXml on random events', () => {
  it('read(write(event)) equals event', () => {
    fc.assert(
      fc.property(voEventArbitrary, (event) => {
        expect(readVoEventXml(writeVoEventXml(event))).toEqual(event);
      }),
      { numRuns: 300 },
    );
  });

  it('every written event validates against the VOEvent 2.0 XSD', () => {
    fc.assert(
      fc.property(voEventArbitrary, (event) => {
        const result = validateVoEventXml(writeVoEventXml(event));
        expect(result).toEqual({ valid: true });
      }),
      { numRuns: 200 },
    );
  });
});

describe('escaping', () => {
  it('keeps text that looks like an entity', () => {
    const event = {
      ivorn: 'ivo://org.svom/fsc#x',
      role: 'test' as const,
      version: '2.0' as const,
      description: 'R&D: &amp; &lt; &a; <b> "q"',
      what: { params: [{ name: 'a&amp;b', value: '&quot;"' }], groups: [] },
    };
    const xml = writeVoEventXml(event);
    expect(xml).toContain('R&amp;D: &amp;amp; &amp;lt; &amp;a; &lt;b&gt;');
    expect(readVoEventXml(xml)).toEqual(event);
  });
});
