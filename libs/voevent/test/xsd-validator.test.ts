import { describe, expect, it } from 'vitest';
import { validateVoEventXml } from '../src/index.js';
import { referenceNotices } from './reference-notices.js';

describe('validateVoEventXml', () => {
  it.each(referenceNotices())('%s validates', (_path, xml) => {
    expect(validateVoEventXml(xml)).toEqual({ valid: true });
  });

  it('reports a schema fault with its line', () => {
    const [, xml] = referenceNotices('svom/real-gcn-kafka/eclairs')[0]!;
    const broken = xml.replace('role="observation"', 'role="rumour"');
    const result = validateVoEventXml(broken);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    // libxml2 reports an attribute fault on the line where the start tag ends.
    const lines = broken.split('\n');
    const rootStart = lines.findIndex((line) => line.startsWith('<voe:VOEvent')) + 1;
    const rootEnd = lines.findIndex((line) => line.includes('ivorn=')) + 1;
    expect(result.errors[0]?.message).toMatch(/role/);
    expect(result.errors[0]?.line).toBeGreaterThanOrEqual(rootStart);
    expect(result.errors[0]?.line).toBeLessThanOrEqual(rootEnd);
  });

  it('reports misplaced elements and non-float coordinates', () => {
    const [, xml] = referenceNotices('svom/real-gcn-kafka/eclairs')[0]!;
    const result = validateVoEventXml(
      xml.replace(/<C1>[^<]*<\/C1>/, '<C1>north</C1>').replace('<Who>', '<Who><Bogus/>'),
    );
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/C1/);
  });

  it('gives the same verdict and lines for the UTF-8 bytes as for the text', () => {
    const [, xml] = referenceNotices('svom/real-gcn-kafka/eclairs')[0]!;
    // A non-ASCII character before the fault: byte offsets and character offsets differ after it.
    const broken = xml
      .replace('<Who>', '<Who><!-- Bâtiment 2 — Saclay -->')
      .replace(/<C1>[^<]*<\/C1>/, '<C1>north</C1>');
    const fromText = validateVoEventXml(broken);
    expect(fromText.valid).toBe(false);
    expect(validateVoEventXml(Buffer.from(broken, 'utf8'))).toEqual(fromText);
    expect(validateVoEventXml(Buffer.from(xml, 'utf8'))).toEqual({ valid: true });
  });

  it('reports text that is not XML instead of throwing', () => {
    const result = validateVoEventXml('<voe:VOEvent>\n<unclosed>');
    expect(result.valid).toBe(false);
  });
});
