import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readVoEventXml } from '@svom/voevent';
import { convertDocument } from '../src/convert/document.js';
import { lineOfPointer } from '../src/convert/json-locator.js';
import { jsonSyntaxError } from '../src/convert/json-syntax.js';
import { validateDocument } from '../src/convert/validate-document.js';
import { runSvom } from './run-svom.js';

const noticesDir = new URL('../../testdata/notices/', import.meta.url).pathname;
const notices = (readdirSync(noticesDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.xml'))
  .map((f) => join(noticesDir, f))
  .sort();
const fsc = notices.filter((f) => f.includes('/svom/real-gcn-kafka/'));
const work = mkdtempSync(join(tmpdir(), 'svom-convert-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('convert and validate, as functions', () => {
  it('has the real notices to work on', () => {
    expect(notices.length).toBeGreaterThan(50);
  });

  it.each(notices.map((f) => [relative(noticesDir, f), f]))(
    '%s: XML → JSON → XML gives the same VOEvent, and both forms validate',
    (_, file) => {
      const xml = readFileSync(file, 'utf8');
      expect(validateDocument(xml).problems).toEqual([]);
      const json = convertDocument(xml);
      expect(json.kind).toBe('json');
      expect(validateDocument(json.text).problems).toEqual([]);
      const back = convertDocument(json.text);
      expect(back.kind).toBe('xml');
      expect(readVoEventXml(back.text)).toEqual(readVoEventXml(xml));
      expect(validateDocument(back.text).problems).toEqual([]);
    },
  );

  it.each(fsc.map((f) => [relative(noticesDir, f), f]))(
    '%s: the GCN-style notice form validates against the schema it names',
    (_, file) => {
      const notice = convertDocument(readFileSync(file, 'utf8'), { form: 'notice' });
      const result = validateDocument(notice.text);
      expect(result.against).toMatch(/^https:\/\//);
      expect(result.problems).toEqual([]);
    },
  );

  it('points at the line of a broken XML element', () => {
    const xml = readFileSync(fsc[0]!, 'utf8').replace('<Who>', '<Who>\n<Bogus/>');
    const line = xml.split('\n').findIndex((l) => l.includes('<Bogus/>')) + 1;
    const result = validateDocument(xml);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ line });
    expect(result.problems[0]!.message).toMatch(/Bogus/);
  });

  it('points at the line and field of a bad JSON value, and at the line and column of a syntax error', () => {
    const text = convertDocument(readFileSync(fsc[0]!, 'utf8'), { form: 'notice' }).text.replace(
      /"ra_dec_error": [\d.]+/,
      '"ra_dec_error": "wide"',
    );
    const line = text.split('\n').findIndex((l) => l.includes('"wide"')) + 1;
    const result = validateDocument(text);
    expect(result.problems[0]).toMatchObject({ field: '/ra_dec_error', line });
    const syntax = validateDocument('{\n  "a": 1,\n  "b": }\n');
    expect(syntax.problems[0]).toMatchObject({ line: 3, column: 8 });
  });

  it('refuses to turn a GCN-style notice back into XML, saying why', () => {
    const notice = convertDocument(readFileSync(fsc[0]!, 'utf8'), { form: 'notice' }).text;
    expect(() => convertDocument(notice)).toThrow(/only the VOEvent JSON form/);
  });

  it('locates JSON pointers and syntax errors', () => {
    const text = '{\n  "a": {\n    "b": [1,\n      {"c~d/e": 2}]\n  },\n  "f": "x"\n}';
    expect(lineOfPointer(text, '/a/b/1/c~0d~1e')).toBe(4);
    expect(lineOfPointer(text, '/f')).toBe(6);
    expect(lineOfPointer(text, '')).toBe(1);
    expect(jsonSyntaxError(text)).toBeUndefined();
    expect(jsonSyntaxError('[1, 2,]')).toMatchObject({ offset: 6 });
    expect(jsonSyntaxError('{"a": tru}')).toMatchObject({ offset: 6 });
    expect(jsonSyntaxError('"\\x"')).toMatchObject({ message: 'bad escape \\x' });
  });
});

describe('svom convert and svom validate, the built binary', () => {
  it('converts a folder of real notices to JSON under --out, and validates the result', async () => {
    const out = join(work, 'json');
    const converted = await runSvom(['convert', join(noticesDir, 'svom'), '--out', out]);
    expect(converted.code, converted.stderr).toBe(0);
    const written = (readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith('.json'));
    expect(written.length).toBe(notices.filter((f) => f.includes('/svom/')).length);
    const validated = await runSvom(['validate', out, '-q']);
    expect(validated.code, validated.stdout).toBe(0);
    expect(validated.stdout).toBe('');
  });

  it('converts stdin to stdout both ways', async () => {
    const xml = readFileSync(fsc[0]!, 'utf8');
    const json = await runSvom(['convert', '-'], { input: xml });
    expect(json.code).toBe(0);
    const back = await runSvom(['convert', '-'], { input: json.stdout });
    expect(back.code).toBe(0);
    expect(readVoEventXml(back.stdout)).toEqual(readVoEventXml(xml));
  });

  it('writes beside the files of a folder when there is no --out', async () => {
    const folder = join(work, 'beside');
    const copy = join(folder, 'a.xml');
    await runSvom(['convert', fsc[0]!, '--out', join(folder, 'x.json')]);
    writeFileSync(copy, readFileSync(fsc[0]!, 'utf8'));
    expect((await runSvom(['convert', folder])).code).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['a.json', 'a.xml', 'x.json', 'x.xml']);
  });

  it('exits 1 on a broken file, naming it with its line, and still checks the rest', async () => {
    const folder = join(work, 'mixed');
    const good = readFileSync(fsc[1]!, 'utf8');
    const broken = good.replace('</Who>', '</Who>\n<Oops/>');
    const line = broken.split('\n').findIndex((l) => l.includes('<Oops/>')) + 1;
    await runSvom(['convert', fsc[1]!, '--out', join(folder, 'good.json')]);
    writeFileSync(join(folder, 'broken.xml'), broken);
    const validated = await runSvom(['validate', folder]);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain(`broken.xml:${line}: `);
    expect(validated.stdout).toMatch(/✓ .*good\.json/);
    const json = await runSvom(['validate', folder, '--json']);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.valid)).toEqual([false, true]);
    expect(lines[0].problems[0].line).toBe(line);
    const notXml = await runSvom(['convert', '-'], { input: '<VOEvent><unclosed>' });
    expect(notXml.code).toBe(1);
    expect(notXml.stderr).toMatch(/-:\d+/);
  });

  it('exits 1 on a missing path and 2 on a missing argument', async () => {
    expect((await runSvom(['validate', join(work, 'nope.xml')])).code).toBe(1);
    expect((await runSvom(['convert'])).code).toBe(2);
    expect((await runSvom(['convert', fsc[0]!, '--form', 'yaml'])).code).toBe(2);
  });

  it('exits 1 on a document with an internal entity, reporting it without a stack trace (issue 16)', async () => {
    const file = join(work, 'entity.xml');
    writeFileSync(
      file,
      readFileSync(fsc[1]!, 'utf8')
        .replace(/<\?xml[^>]*\?>/, '$&\n<!DOCTYPE voe:VOEvent [<!ENTITY who "an entity">]>')
        .replace(/<Who>/, '<Who><Description>&who;</Description>'),
    );
    const validated = await runSvom(['validate', file]);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toMatch(/✗ .*entity\.xml/);
    expect(validated.stdout).toContain('DOCTYPE');
    expect(`${validated.stdout}${validated.stderr}`).not.toMatch(/\n\s+at /);
  });
});

describe('through npm, as docs/cli.md pipes it', () => {
  it('`npm run --silent svom -- convert x.xml` prints nothing but the JSON on stdout (the build talks on stderr)', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = new URL('../../', import.meta.url).pathname;
    const run = spawnSync('npm', ['run', '--silent', 'svom', '--', 'convert', fsc[0]!], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.$schema).toMatch(/voevent/);
  });
});
