import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { headers } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertNoticeExample, subjectsFor } from '@svom/contracts';
import { parseSince } from '../src/listen/nats-replay-source.js';
import { readSubscribers } from '../src/subscriber/subscribers-file.js';
import { runSvom, svomBin } from './run-svom.js';
import { startSecuredNats, type SecuredNats } from './secured-nats.js';

// An outside subscriber's `svom listen --nats --since`: credentials from `svom subscriber add`,
// TLS, a replay of the NOTICES stream, and a NATS restart in the middle of it.
const s = subjectsFor('');
let nats: SecuredNats;
let credsFile: string;

beforeAll(async () => {
  nats = await startSecuredNats();
  credsFile = join(nats.dir, 'carol.creds');
  const added = await runSvom(
    ['subscriber', 'add', 'carol', '--file', nats.subscribersFile, '--out', credsFile, '--url', nats.url],
    { timeoutMs: 90_000 },
  );
  expect(added.code, added.stderr).toBe(0);
  await nats.server.reload();
});
afterAll(async () => nats?.close());

async function publishNotice(n: number): Promise<void> {
  const h = headers();
  h.set('Nats-Msg-Id', `replay-test-${n}`);
  const notice = { ...alertNoticeExample, record_number: n };
  // Retried while the FSC's own connection is back from a restart, as the alerts outbox would:
  // the same Nats-Msg-Id stores it once.
  for (let attempt = 1; ; attempt++) {
    try {
      await nats.fsc.js.publish(s.alerts.notice('mxt-initial_qf3'), JSON.stringify(notice), { headers: h });
      return;
    } catch (error) {
      if (attempt === 20) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function listen(args: string[]) {
  const child = spawn(process.execPath, [svomBin, 'listen', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const records = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { record_number: number }).record_number);
  const until = async (check: () => boolean, what: string, timeoutMs = 30_000) => {
    for (const end = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 50)))
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`);
  };
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, records, err: () => stderr, until, exited };
}

describe('--since', () => {
  const now = new Date('2026-03-14T02:00:00Z');
  it('reads an ISO time or a duration back from now', () => {
    expect(parseSince('2026-03-13T00:00:00Z', now).toISOString()).toBe('2026-03-13T00:00:00.000Z');
    expect(parseSince('90s', now).toISOString()).toBe('2026-03-14T01:58:30.000Z');
    expect(parseSince('1h', now).toISOString()).toBe('2026-03-14T01:00:00.000Z');
    expect(parseSince('2d', now).toISOString()).toBe('2026-03-12T02:00:00.000Z');
  });
  it('refuses what is neither', () => {
    for (const bad of ['yesterday', '1w', '', '-1h', '2026-13-45']) expect(() => parseSince(bad, now), bad).toThrow();
  });
});

describe('svom subscriber add', () => {
  it('writes a credentials file only its owner reads, with the user, a password and the URL', () => {
    const text = readFileSync(credsFile, 'utf8');
    expect(text).toMatch(/^NATS_USER=carol$/m);
    expect(text).toMatch(/^NATS_PASSWORD=[0-9a-f]{48}$/m);
    expect(text).toContain(`NATS_URL=${nats.url}`);
    expect(statSync(credsFile).mode & 0o077).toBe(0);
    expect(readFileSync(nats.subscribersFile, 'utf8')).not.toContain(/NATS_PASSWORD=(.*)/.exec(text)?.[1]);
  });

  it('puts every node given (comma-separated, or --url repeated) in NATS_URL, in order; refuses a malformed one', async () => {
    const file = join(nats.dir, 'urls-subscribers.conf');
    expect((await runSvom(['subscriber', 'init', '--file', file], { timeoutMs: 90_000 })).code).toBe(0);
    const nodes = ['tls://fsc.example.org:4222', 'tls://fsc.example.org:4223', 'tls://fsc.example.org:4224'];
    const args = ['subscriber', 'add', 'dave', '--file', file, '--url', `${nodes[0]}, ${nodes[1]}`, '--url', nodes[2]!];
    const added = await runSvom(args, { timeoutMs: 90_000 });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`^NATS_URL=${nodes.join(',')}$`, 'm'));
    const bad = await runSvom(['subscriber', 'add', 'erin', '--file', file, '--url', `${nodes[0]} ${nodes[1]}`], {
      timeoutMs: 90_000,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/comma-separated or repeated/);
    expect(readSubscribers(file).map((entry) => entry.name)).toEqual(['dave']);
  });
});

describe('svom listen --nats --since, as an outside subscriber', () => {
  it('replays what came before it started, goes on live, and sees each notice once across a NATS restart', async () => {
    for (const n of [1, 2, 3]) await publishNotice(n);
    const run = listen(['--nats', '--credentials', credsFile, '--ca', nats.caFile, '--since', '1h', '--json']);
    await run.until(() => run.records().length >= 3, 'the replayed notices', 90_000);
    await publishNotice(4);
    await run.until(() => run.records().length >= 4, 'a live notice');

    await nats.server.restart();
    // Published while the listener may still be away: the replay must pick them up from its cursor.
    for (const n of [5, 6, 7]) await publishNotice(n);
    await run.until(() => run.records().length >= 7, 'the notices after the restart', 60_000);
    await publishNotice(8);
    await run.until(() => run.records().length >= 8, 'a live notice after the restart', 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(run.records()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(run.err()).toMatch(/replaying NOTICES from/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('starts from a stream sequence with --from-seq', async () => {
    const run = listen([
      '--nats',
      nats.url,
      '--credentials',
      credsFile,
      '--ca',
      nats.caFile,
      '--from-seq',
      '6',
      '--json',
    ]);
    await run.until(() => run.records().length >= 3, 'notices 6 to 8', 90_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(run.records()).toEqual([6, 7, 8]);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('svom subscriber revoke --reload-pid: carol is refused from then on', async () => {
    const password = /^NATS_PASSWORD=(.*)$/m.exec(readFileSync(credsFile, 'utf8'))?.[1] ?? '';
    const revoked = await runSvom(
      ['subscriber', 'revoke', 'carol', '--file', nats.subscribersFile, '--reload-pid', String(nats.server.pid())],
      { timeoutMs: 90_000 },
    );
    expect(revoked.code, revoked.stderr).toBe(0);
    await vi.waitFor(() => expect(nats.connectAs('carol', password)).rejects.toThrow(/authorization/i), {
      timeout: 10_000,
    });
    expect(readSubscribers(nats.subscribersFile)).toEqual([]);
  });

  it('refuses --since without --nats, and a malformed --since (exit 2)', async () => {
    expect((await runSvom(['listen', '--since', '1h'], { timeoutMs: 90_000 })).code).toBe(2);
    const bad = await runSvom(['listen', '--nats', '--since', 'yesterday'], { timeoutMs: 90_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ISO 8601/);
  });
});
