import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestInfra, type TestInfra } from '@svom/service-kit/testing';
import { xmppClient, type XmppGatewayApp } from '@svom/xmpp-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mxtNotice,
  publishNotice,
  startGateway,
  startTestProsody,
  type TestProsody,
} from '../../services/xmpp-gateway/test/helper.js';
import { runSvom, svomBin } from './run-svom.js';

// `svom xmpp account add` and `svom listen --xmpp` as an operator and an astronomer run them,
// against a real Prosody fed by the real gateway: the CLI finds the development server where
// `npm start` keeps it (DATA_DIR/xmpp), as it would on a developer's machine.

let t: TestInfra;
let prosody: TestProsody;
let gateway: XmppGatewayApp;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  t = await startTestInfra(['ALERTS']);
  prosody = await startTestProsody();
  gateway = await startGateway(t, prosody);
  dataDir = mkdtempSync(join(tmpdir(), 'svom-cli-xmpp-'));
  symlinkSync(prosody.options.dataDir, join(dataDir, 'xmpp'));
  env = { DATA_DIR: dataDir, XMPP_SERVICE: prosody.service, XMPP_DOMAIN: 'localhost' };
});

afterAll(async () => {
  await gateway?.close();
  await prosody?.close();
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Logs in as an account, the way any client would: resolves if the server accepts the password. */
async function logIn(user: string, password: string): Promise<void> {
  const client = xmppClient({
    service: prosody.service,
    domain: 'localhost',
    username: user,
    password,
    resource: 'check',
    caFile: prosody.caFile,
    timeoutMs: 30_000,
  });
  client.on('error', () => {});
  client.reconnect.stop();
  try {
    await client.start();
  } finally {
    await client.stop().catch(() => undefined);
  }
}

describe('svom xmpp account add', () => {
  it('creates an account with the given password, that a client can log in with', async () => {
    const run = await runSvom(['xmpp', 'account', 'add', 'ada', '--password', 'correct horse'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ada@localhost\n');
    await logIn('ada', 'correct horse');
    await expect(logIn('ada', 'wrong password')).rejects.toThrow();
  });

  it('makes up and prints a password when none is given', async () => {
    const run = await runSvom(['xmpp', 'account', 'add', 'grace'], { env });
    expect(run.code).toBe(0);
    const printed = /^grace@localhost {2}password: (\S+)\n$/.exec(run.stdout);
    expect(printed, run.stdout).not.toBeNull();
    await logIn('grace', printed![1]!);
  });

  it('refuses a name that is not a plain local part, with the usage exit code', async () => {
    const run = await runSvom(['xmpp', 'account', 'add', 'Ada@evil'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('lower-case letters');
  });
});

describe('svom listen --xmpp', () => {
  it("signs itself up on the development server and prints the gateway's notices that pass its filter", async () => {
    const child = spawn(
      process.execPath,
      [svomBin, 'listen', '--xmpp', '--nats-prefix', t.prefix, '--type', 'mxt-update', '--json'],
      { env: { ...process.env, ...env, NO_COLOR: '1' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const until = async (check: () => boolean, what: string) => {
      for (const end = Date.now() + 90_000; !check(); await new Promise((r) => setTimeout(r, 100)))
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`);
    };
    try {
      await until(
        () => /subscribed to \S+svom\.alerts\.json|subscribed to svom\.alerts\.json/.test(stderr),
        'a subscription',
      );
      expect(stderr).toMatch(/registered listen-[0-9a-f]{8}@localhost on the development server/);
      // Published by the FSC as the alerts service does; the gateway puts them on PubSub in order,
      // so the update arriving proves the initial notice went by and was filtered out.
      await publishNotice(t.nc, t.prefix, mxtNotice('sb26120401', 1));
      await publishNotice(t.nc, t.prefix, mxtNotice('sb26120402', 2));
      await until(() => stdout.includes('sb26120402'), 'the update notice');
      const notices = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { svom?: { burst_id?: string; notice?: string } });
      expect(notices).toHaveLength(1);
      expect(JSON.stringify(notices[0])).toContain('mxt-update_qf3');
      expect(stdout).not.toContain('sb26120401');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
