import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const mxtXml = join(root, 'testdata/notices/svom/real-gcn-kafka/mxt/mxt_47.xml');
const work = mkdtempSync(join(tmpdir(), 'svom-cli-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The package `npm run pack:cli` makes, unpacked outside the repository with only the
 * dependencies it declares (copied from this install, as npm would fetch them): nothing of the
 * workspace can be found from there, so what runs is what a user's `npm install -g` gets.
 */
describe('svom as a package of its own (npm run pack:cli)', () => {
  let bin: string;
  let manifest: { bin: Record<string, string>; dependencies: Record<string, string> };
  beforeAll(() => {
    const pack = spawnSync('node', ['scripts/pack-cli.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = pack.stdout.trim();
    expect(spawnSync('tar', ['-xzf', tarball, '-C', work]).status).toBe(0);
    const dir = join(work, 'package');
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies))
      cpSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), { recursive: true });
    bin = join(dir, manifest.bin.svom!);
  });

  const svom = (args: string[], input?: string) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: work,
      encoding: 'utf8',
      input,
      env: { PATH: process.env.PATH, NO_COLOR: '1', DATA_DIR: join(work, 'data') },
      timeout: 60_000,
    });

  it('declares only what it cannot bundle, pinned as the repository installed it', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toEqual(['libxml2-wasm']);
    expect(manifest.dependencies['libxml2-wasm']).toBe(lock.packages['node_modules/libxml2-wasm'].version);
  });

  it('runs from outside the repository: version, convert both ways, validate against the XSD and JSON schemas', () => {
    expect(svom(['--version']).stdout.trim()).toBe(
      JSON.parse(readFileSync(join(root, 'cli/package.json'), 'utf8')).version,
    );
    const toJson = svom(['convert', mxtXml, '--form', 'notice']);
    expect(toJson.status, toJson.stderr).toBe(0);
    expect(JSON.parse(toJson.stdout)).toMatchObject({ instrument: 'MXT' });
    const notice = join(work, 'notice.json');
    writeFileSync(notice, toJson.stdout);
    const validatedXml = svom(['validate', mxtXml]);
    expect(validatedXml.status, validatedXml.stderr).toBe(0);
    expect(validatedXml.stdout).toMatch(/VOEvent 2\.0 XSD/);
    const validatedJson = svom(['validate', notice]);
    expect(validatedJson.status, validatedJson.stderr).toBe(0);
    expect(validatedJson.stdout).toMatch(/mxt\.schema\.json/);
    const broken = svom(['validate', '-'], readFileSync(mxtXml, 'utf8').replace('<Who>', '<Who><Oops/>'));
    expect(broken.status).toBe(1);
    const roundTrip = svom(['convert', '-'], svom(['convert', mxtXml]).stdout);
    expect(roundTrip.status, roundTrip.stderr).toBe(0);
    expect(roundTrip.stdout).toMatch(/<voe:VOEvent/);
  });

  it('has the user commands and completion, and no launcher (svom start stays in the repository)', () => {
    expect(svom(['listen', '--help']).stdout).toMatch(/--xpath/);
    expect(svom(['user', 'token', '--name', 'ada', '--role', 'scientist']).stdout.split('.')).toHaveLength(3);
    expect(svom(['completion', 'bash']).stdout).toMatch(/complete -o filenames -F _svom svom/);
    // notify's REST types are types only: nothing of them is needed at run time.
    const tokenless = svom(['subscription', 'list']);
    expect(tokenless.status).toBe(2);
    expect(tokenless.stderr).toMatch(/--token <jwt>, SVOM_TOKEN/);
    const start = svom(['start']);
    expect(start.status).toBe(2);
    expect(start.stderr).toMatch(/unknown command 'start'/);
  });
});

describe('svom in the repository', () => {
  it('is the workspace bin npm links at install: `npx svom` runs the built command', () => {
    const run = spawnSync('npx', ['--no-install', 'svom', '--version'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'cli/package.json'), 'utf8')).version);
  });
});
