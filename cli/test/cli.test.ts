import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runSvom, svomBin } from './run-svom.js';

const COMMANDS = [
  ['user', 'token'],
  ['station', 'add'],
  ['station', 'list'],
  ['station', 'rotate'],
  ['simulate'],
  ['listen'],
  ['convert'],
  ['validate'],
  ['bursts'],
  ['burst'],
  ['subscription'],
  ...['list', 'add', 'show', 'change', 'pause', 'resume', 'test', 'deliveries', 'delete'].map((verb) => [
    'subscription',
    verb,
  ]),
  ['start'],
];

describe('the built svom binary', () => {
  it('documents the exit codes and examples in svom --help', async () => {
    const { code, stdout } = await runSvom(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Exit codes:\n\s+0 {2}success\n\s+1 .*\n\s+2 {2}usage.*\n\s+3 .*did not answer/);
    for (const command of [
      'start',
      'user',
      'station',
      'simulate',
      'listen',
      'convert',
      'validate',
      'bursts',
      'burst',
      'subscription',
      'subscriber',
    ])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it.each(COMMANDS.map((c) => [c.join(' '), c]))('svom %s --help has examples and exits 0', async (_, command) => {
    const { code, stdout } = await runSvom([...command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: svom /);
    expect(stdout).toMatch(/Examples:\n {2}(svom|cat|TOKEN|DATABASE_URL)/);
  });

  it('a reader that closes the pipe early (svom --help | head -1) ends the run quietly with 0', async () => {
    const child = spawn(process.execPath, [svomBin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before svom writes a byte: its first write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      [],
      ['nope'],
      ['user', 'token', '--name', 'x'],
      ['user', 'token', '--name', 'x', '--role', 'admin'],
      ['simulate', '--rate', 'fast'],
      ['listen', '--region', '1,2'],
      ['listen', '--vtp', 'nohost'],
      ['bursts', '--status', 'lost'],
      ['subscription', 'add', '--name', 'x', '--webhook', 'https://example.org', '--format', 'xml'],
      ['subscription', 'add', '--name', 'x', '--webhook', 'https://example.org', '--site', '1,2,3'],
      ['subscription', 'change', 'sub_x', '--token', 'x'],
    ]) {
      const { code, stderr } = await runSvom(args);
      expect(code, `svom ${args.join(' ')}: ${stderr}`).toBe(2);
    }
  });

  it('exits 3 when a service does not answer', async () => {
    for (const args of [
      ['bursts', '--url', 'https://127.0.0.1:1'],
      ['burst', 'sb26010101', '--url', 'https://127.0.0.1:1'],
      ['station', 'list', '--url', 'https://127.0.0.1:1'],
      ['subscription', 'list', '--url', 'https://127.0.0.1:1', '--token', 'x'],
    ]) {
      const { code, stderr } = await runSvom(args);
      expect(code, `svom ${args.join(' ')}: ${stderr}`).toBe(3);
      expect(stderr).toMatch(/^svom: cannot reach https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
    }
  });

  it('prints no colour codes when NO_COLOR is set or output is not a terminal', async () => {
    const { stdout, stderr } = await runSvom([
      'validate',
      new URL('../../testdata/notices/svom/gcn-mission-page', import.meta.url).pathname,
    ]);
    expect(stdout + stderr).not.toMatch(/\x1b\[/);
  });
});
