import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, freePort } from './helper.js';

const dataDir = mkdtempSync(join(tmpdir(), 'svom-prosody-life-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// `svom start` runs Prosody as its child: a crash of the FSC (exitOnCrash's exit(1)) must not leave
// Prosody holding 5222/5223 for the next start to find.
describe('a Prosody started by a process', () => {
  it('stops when that process exits, however it exits', async () => {
    const setup = new URL('../src/prosody/prosody-setup.ts', import.meta.url).pathname;
    const script = `
      const { startProsody } = await import(${JSON.stringify(setup)});
      const prosody = await startProsody(${JSON.stringify({
        dataDir,
        domain: 'localhost',
        c2sPort: await freePort(),
        tlsPort: await freePort(),
        admin: 'fsc-gateway@localhost',
        register: false,
      })});
      console.log(prosody.child.pid);
      setTimeout(() => process.exit(1), 100);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    parent.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => parent.once('exit', resolve));
    expect(code).toBe(1);
    const pid = Number(out.trim());
    expect(pid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await eventually(() => !alive(), 'Prosody to stop with its parent');
  });
});
