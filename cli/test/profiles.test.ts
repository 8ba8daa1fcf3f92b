import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSvom } from './run-svom.js';

const work = mkdtempSync(join(tmpdir(), 'svom-profiles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const config = join(work, 'config.json');
const svom = (args: string[], env: Record<string, string> = {}) =>
  runSvom(args, { env: { SVOM_CONFIG: config, SVOM_ALERTS_URL: '', SVOM_PROFILE: '', ...env } });

describe('svom profile', () => {
  it('saves a profile readable by its owner only, and lists it as the default', async () => {
    const set = await svom(['profile', 'set', 'remote', '--alerts', 'https://127.0.0.1:9', '--vtp', '127.0.0.1:9']);
    expect(set.code, set.stderr).toBe(0);
    expect((await svom(['profile', 'set', 'remote', '--ca', '/nonexistent.pem', '--default'])).code).toBe(0);
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({
      default: 'remote',
      profiles: { remote: { alerts: 'https://127.0.0.1:9', vtp: '127.0.0.1:9', ca: '/nonexistent.pem' } },
    });
    const list = await svom(['profile', 'list']);
    // notify (not set: -) between alerts and vtp.
    expect(list.stdout).toMatch(/^remote \*\s+https:\/\/127\.0\.0\.1:9\s+-\s+127\.0\.0\.1:9/m);
  });

  it("gives the commands the profile's URLs, unless an option or a variable says otherwise", async () => {
    const fromProfile = await svom(['bursts']);
    expect(fromProfile.code).toBe(3);
    expect(fromProfile.stderr).toMatch(/127\.0\.0\.1:9/);
    const fromVariable = await svom(['bursts'], { SVOM_ALERTS_URL: 'https://127.0.0.1:7' });
    expect(fromVariable.stderr).toMatch(/127\.0\.0\.1:7/);
    const fromOption = await svom(['bursts', '--url', 'https://127.0.0.1:6']);
    expect(fromOption.stderr).toMatch(/127\.0\.0\.1:6/);
  });

  it('refuses an unknown profile (exit 2) and a broken file (exit 1, naming the field)', async () => {
    const unknown = await svom(['--profile', 'nope', 'bursts']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no profile "nope".*there: remote/);
    writeFileSync(config, JSON.stringify({ profiles: { remote: { alerts: 1 } } }));
    const broken = await svom(['bursts']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/profiles\.remote\.alerts/);
  });

  it('forgets a profile and its default', async () => {
    writeFileSync(config, JSON.stringify({ default: 'a', profiles: { a: { nats: 'nats://127.0.0.1:9' }, b: {} } }));
    expect((await svom(['profile', 'remove', 'a'])).code).toBe(0);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ profiles: { b: {} } });
    expect((await svom(['profile', 'remove', 'a'])).code).toBe(2);
  });
});
