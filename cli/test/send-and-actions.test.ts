import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateVoEventXml } from '@svom/voevent';
import { VtpBroker, VtpReceiver } from '@svom/vtp';
import { runSvom, svomBin } from './run-svom.js';

const notice = (path: string) => readFileSync(new URL(`../../testdata/notices/${path}`, import.meta.url), 'utf8');
const mxtXml = notice('svom/real-gcn-kafka/mxt/mxt_47.xml');
const grmXml = notice('svom/real-gcn-kafka/grm/grm_334.xml');
const work = mkdtempSync(join(tmpdir(), 'svom-send-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('svom --version and svom completion', () => {
  it('prints the CLI package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const run = await runSvom(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('gives a bash script that bash accepts and that completes commands, subcommands and options', async () => {
    const run = await runSvom(['completion', 'bash']);
    expect(run.code).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: run.stdout }).status).toBe(0);
    // Ask the function itself, as bash would on <Tab>.
    const complete = (line: string) => {
      const words = line.split(' ');
      const script = `${run.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _svom; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout.trim().split('\n');
    };
    expect(complete('svom se')).toEqual(['send']);
    expect(complete('svom station ')).toEqual(expect.arrayContaining(['add', 'list', 'rotate']));
    expect(complete('svom listen --xp')).toEqual(['--xpath']);
    expect(complete('svom subscri')).toEqual(['subscription', 'subscriber']);
    expect(complete('svom subscription ')).toEqual(
      expect.arrayContaining(['list', 'add', 'show', 'change', 'pause', 'resume', 'test', 'deliveries', 'delete']),
    );
    expect(complete('svom subscription change sub_x --no-s')).toEqual(['--no-site']);
    // add offers only the options that say something; the removals are change's.
    expect(complete('svom subscription add --no-')).toEqual(['--no-retractions']);
  });

  it('gives zsh the same words through bashcompinit, and refuses another shell (exit 2)', async () => {
    const zsh = await runSvom(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/bashcompinit/);
    expect(zsh.stdout).toMatch(/complete -o filenames -F _svom svom/);
    expect((await runSvom(['completion', 'fish'])).code).toBe(2);
  });
});

describe('svom send, against a real VTP author port', () => {
  const received: string[] = [];
  let receiver: VtpReceiver;
  let port: number;
  beforeAll(async () => {
    receiver = new VtpReceiver({
      host: '127.0.0.1',
      port: 0,
      validate: (xml) => validateVoEventXml(xml),
      accept: async (ivorn) => {
        received.push(ivorn);
        return 'new';
      },
    });
    port = await receiver.listen();
  });
  afterAll(() => receiver?.close());

  it('sends one file: ack, exit 0, and the broker has it', async () => {
    const file = join(work, 'mxt.xml');
    writeFileSync(file, mxtXml);
    const run = await runSvom(['send', file, '--to', `127.0.0.1:${port}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(`ack ${file}`);
    expect(received).toContain('ivo://org.svom/fsc#sb26033003_mxt-initial_qf1');
  });

  it('sends a folder: the invalid one is a nak with its reason, exit 1', async () => {
    const dir = join(work, 'folder');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a-grm.xml'), grmXml);
    writeFileSync(join(dir, 'b-broken.xml'), mxtXml.replace('<Who>', '<Who><Oops/>'));
    writeFileSync(join(dir, 'notes.txt'), 'not sent');
    const run = await runSvom(['send', dir, '--to', `127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`ack ${join(dir, 'a-grm.xml')}`);
    expect(lines[1]).toMatch(new RegExp(`^nak ${join(dir, 'b-broken.xml')}: .*Oops`));
    expect(run.stderr).toMatch(/1 of 2 refused/);
  });

  it('reads stdin with -, and exits 3 when nothing listens', async () => {
    expect((await runSvom(['send', '-', '--to', `127.0.0.1:${port}`], { input: grmXml })).code).toBe(0);
    const closed = await runSvom(['send', '-', '--to', '127.0.0.1:1'], { input: grmXml });
    expect(closed.code).toBe(3);
    expect(closed.stderr).toMatch(/127\.0\.0\.1:1/);
  });
});

describe('svom listen --xpath, --exec and --save-dir, from a real VTP broker', () => {
  let broker: VtpBroker;
  let port: number;
  beforeAll(async () => {
    broker = new VtpBroker({ host: '127.0.0.1', port: 0 });
    port = await broker.listen();
  });
  afterAll(() => broker?.close());

  it('passes only what the XPath selects, runs the command with the notice on stdin and saves it', async () => {
    const saveDir = join(work, 'saved');
    const execOut = join(work, 'exec');
    mkdirSync(execOut);
    const child = spawn(
      process.execPath,
      [
        svomBin,
        'listen',
        '--vtp',
        `127.0.0.1:${port}`,
        '--xpath',
        '//Param[@name="Packet_Type" and @value="209"]',
        '--exec',
        `cat > "${execOut}/$SVOM_NOTICE_TYPE.$SVOM_NOTICE_FORMAT"; echo "$SVOM_NOTICE_IVORN" >> "${execOut}/ivorns"`,
        '--save-dir',
        saveDir,
      ],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const until = async (check: () => boolean, what: string) => {
      for (const end = Date.now() + 60_000; !check(); await new Promise((r) => setTimeout(r, 50)))
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`);
    };
    await until(() => broker.stats().subscribers === 1, 'the subscriber');
    broker.publish(grmXml);
    broker.publish(mxtXml);
    const execFiles = () => {
      try {
        return readdirSync(execOut);
      } catch {
        return [];
      }
    };
    await until(() => execFiles().includes('ivorns'), 'the command');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([expect.stringMatching(/sb26033003\s+mxt-initial_qf1/)]);
    expect(readFileSync(join(execOut, 'mxt-initial_qf1.xml'), 'utf8')).toBe(mxtXml);
    expect(readFileSync(join(execOut, 'ivorns'), 'utf8')).toBe('ivo://org.svom/fsc#sb26033003_mxt-initial_qf1\n');
    expect(readdirSync(saveDir)).toEqual(['sb26033003_mxt-initial_qf1.xml']);
    expect(readFileSync(join(saveDir, 'sb26033003_mxt-initial_qf1.xml'), 'utf8')).toBe(mxtXml);
  });

  it('refuses --xpath without --vtp, and a malformed expression (exit 2)', async () => {
    expect((await runSvom(['listen', '--nats', '--xpath', '//voe:Who'])).code).toBe(2);
    const bad = await runSvom(['listen', '--vtp', `127.0.0.1:${port}`, '--xpath', '//[']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--xpath/);
  });
});
