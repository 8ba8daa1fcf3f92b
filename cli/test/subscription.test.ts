import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNotifyApp, loadNotifyConfig, type NotifyApp, signature } from '@svom/notify';
import { loadTls } from '@svom/service-kit';
import { mintPersonToken } from '@svom/service-kit/identity';
import { startTestInfra, type TestInfra } from '@svom/service-kit/testing';
import { secret } from './ingest-server.js';
import { runSvom } from './run-svom.js';

/** One webhook POST as a telescope's receiver got it. */
interface Hook {
  path: string;
  body: { subscriptionId: string; test: boolean; notice: Record<string, unknown> };
  raw: string;
  signature: string | undefined;
}

/** A real HTTP receiver on 127.0.0.1 that answers 200 to every webhook. */
async function startReceiver(): Promise<{ url: (path: string) => string; hooks: Hook[]; close(): Promise<void> }> {
  const hooks: Hook[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const header = request.headers['x-svom-signature'];
    hooks.push({ path: request.url ?? '', body: JSON.parse(raw), raw, signature: header as string | undefined });
    response.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hooks,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The built binary against a real notify on an ephemeral HTTPS port (its own database and
 * streams on the machine's PostgreSQL and NATS), with a real webhook receiver: what an
 * astronomer does from the dashboard's Subscriptions page, from the command line.
 */
describe('svom subscription, against a real notify', () => {
  let t: TestInfra;
  let app: NotifyApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dataDir: string;
  let url: string;
  const ada = mintPersonToken(secret, 'ada', ['scientist'], 600);
  const env = () => ({
    DATA_DIR: dataDir,
    SVOM_NOTIFY_URL: url,
    SVOM_TOKEN: ada,
    SVOM_CONFIG: join(dataDir, 'config.json'),
    SVOM_PROFILE: '',
  });
  const svom = (args: string[], more: Record<string, string> = {}) => runSvom(args, { env: { ...env(), ...more } });
  /** Runs svom, expects exit 0 and gives its JSON output. */
  const svomJson = async (args: string[]) => {
    const run = await svom([...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'svom-subscription-'));
    const tls = await loadTls({ dataDir });
    t = await startTestInfra(['ALERTS', 'VHF']);
    app = await buildNotifyApp({
      jwtSecret: secret,
      logger: false,
      https: { cert: tls.cert, key: tls.key },
      infra: t.infra,
      // Read as the service reads its environment.
      settings: loadNotifyConfig({
        DATA_DIR: dataDir,
        MAIL_DIR: join(dataDir, 'mail'),
        DELIVERY_POLL_MS: '50',
        ALARM_POLL_MS: '3600000',
        // As in production (public targets only), with the receiver's network allowed as a site's LAN would be.
        WEBHOOK_ALLOW_PRIVATE: 'false',
        WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
      }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await app.runtime.start();
    url = `https://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let id: string;
  let hookSecret: string;

  it('adds a webhook subscription with filters and a site, and gives its generated secret once', async () => {
    const created = await svomJson([
      'subscription',
      'add',
      '--name',
      'MXT for TAROT',
      '--webhook',
      receiver.url('/tarot'),
      '--type',
      'mxt',
      'vt',
      '--instrument',
      'MXT',
      '--min-snr',
      '7',
      '--region',
      '120,-30,10',
      '--site',
      '43.75,6.92,1270,15',
      '--observable-within',
      '12',
      '--no-retractions',
    ]);
    expect(created).toMatchObject({
      name: 'MXT for TAROT',
      owner: 'ada',
      status: 'active',
      channel: { type: 'webhook', url: receiver.url('/tarot'), format: 'json' },
      filter: {
        types: ['mxt', 'vt'],
        instruments: ['MXT'],
        minSnr: 7,
        region: { raDeg: 120, decDeg: -30, radiusDeg: 10 },
        observableWithinHours: 12,
        includeTest: false,
        includeRetractions: false,
      },
      site: { latitudeDeg: 43.75, longitudeDeg: 6.92, altitudeM: 1270, horizonDeg: 15 },
    });
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    id = created.id;
    hookSecret = created.secret;

    // As text: the subscription, then the secret under a line that says it is shown once.
    const text = await svom(['subscription', 'add', '--name', 'second', '--webhook', receiver.url('/second')]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /^sub_\S+ {2}second {2}active\nchannel {7}webhook http:\/\/127\.0\.0\.1:\d+\/second \(json\)\n/,
    );
    expect(text.stdout).toMatch(/webhook secret, shown this once.*\n[0-9a-f]{64}\n$/);
    // Shown once: reading it back does not give it.
    expect(JSON.stringify(await svomJson(['subscription', 'show', text.stdout.split(' ')[0]!]))).not.toMatch(/secret/);
  });

  it('takes the body from a --from file, the options laid over it', async () => {
    const file = join(dataDir, 'vt.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'VT from a file',
        channel: { type: 'webhook', url: receiver.url('/vt') },
        filter: { types: ['vt'] },
      }),
    );
    const created = await svomJson(['subscription', 'add', '--from', file, '--min-snr', '5', '--format', 'slack']);
    expect(created).toMatchObject({
      name: 'VT from a file',
      channel: { format: 'slack' },
      filter: { types: ['vt'], minSnr: 5 },
    });
    expect((await svom(['subscription', 'delete', created.id])).code).toBe(0);
  });

  it('lists the subscriptions as a table and as JSON', async () => {
    const table = await svom(['subscription', 'list']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+STATUS\s+CHANNEL\s+FILTER\s+SITE\n/);
    const row = table.stdout.split('\n').find((line) => line.startsWith(id))!;
    expect(row.split(/ {2,}/)).toEqual([
      id,
      'MXT for TAROT',
      'active',
      `webhook ${receiver.url('/tarot')} (json)`,
      'type mxt vt · instrument MXT · min-snr 7 · region 120,-30,10 · observable-within 12 · no-retractions',
      '43.75,6.92,1270,15 max-sun-altitude -12 min-moon-distance 0',
    ]);
    const list = await svomJson(['subscription', 'list']);
    expect(list.map((s: { name: string }) => s.name).sort()).toEqual(['MXT for TAROT', 'second']);
  });

  it('changes one criterion of the filter, keeping the others, and removes the site', async () => {
    const changed = await svomJson(['subscription', 'change', id, '--min-snr', '9', '--no-region', '--include-test']);
    expect(changed.filter).toEqual({
      types: ['mxt', 'vt'],
      instruments: ['MXT'],
      minSnr: 9,
      observableWithinHours: 12,
      includeTest: true,
      includeRetractions: false,
      alarms: false,
    });
    // What notify stores, read past the CLI.
    const stored = await app.inject({
      method: 'GET',
      url: `/v1/subscriptions/${id}`,
      headers: { authorization: `Bearer ${ada}` },
    });
    expect(stored.json().filter.minSnr).toBe(9);

    // A window needs a site: notify names the field, the CLI the option.
    const refused = await svom(['subscription', 'change', id, '--no-site']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `svom: changing ${id}: --observable-within: observableWithinHours needs a site to compute windows from (400 NOTIFY_BAD_FILTER)\n`,
    );
    const siteless = await svomJson(['subscription', 'change', id, '--no-site', '--no-observable-within']);
    expect(siteless.site).toBeNull();
    expect(siteless.filter.observableWithinHours).toBeUndefined();
    expect(siteless.filter.types).toEqual(['mxt', 'vt']);
  });

  it('pauses and resumes', async () => {
    const paused = await svom(['subscription', 'pause', id]);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toBe(`${id} paused\n`);
    expect((await svomJson(['subscription', 'show', id])).pausedReason).toBe('paused by ada');
    expect((await svom(['subscription', 'resume', id])).stdout).toBe(`${id} active\n`);
    expect((await svomJson(['subscription', 'show', id])).status).toBe('active');
  });

  it('sends a test the receiver gets, signed with the secret, and shows it in the deliveries', async () => {
    const test = await svom(['subscription', 'test', id]);
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^delivery (\d+) delivered: HTTP 200 after 1 attempt\n$/);
    const deliveryId = /^delivery (\d+)/.exec(test.stdout)![1];
    const hook = receiver.hooks.find((h) => h.path === '/tarot');
    expect(hook?.body).toMatchObject({ subscriptionId: id, test: true });
    expect(hook?.signature).toBe(signature(hook!.raw, hookSecret));

    const table = await svom(['subscription', 'deliveries', id]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /^ID\s+CREATED \(UTC\)\s+KIND\s+BURST\s+STATUS\s+TRIES\s+HTTP\s+DELIVERED \(UTC\)\s+ERROR\n/,
    );
    expect(table.stdout).toMatch(new RegExp(`\\n\\s*${deliveryId}  \\S+ \\S+  test\\s+-\\s+delivered\\s+1\\s+200\\s`));
    const deliveries = await svomJson(['subscription', 'deliveries', id]);
    expect(deliveries).toEqual([
      expect.objectContaining({ id: Number(deliveryId), kind: 'test', status: 'delivered' }),
    ]);
  });

  it('names the option of a refused field: a webhook URL notify will not call, one that is no URL, a file field', async () => {
    const metadata = await svom(['subscription', 'add', '--name', 'x', '--webhook', 'http://169.254.169.254/latest/']);
    expect(metadata.code).toBe(1);
    expect(metadata.stderr).toMatch(
      /^svom: adding the subscription: --webhook: this webhook target is refused: 169\.254\.169\.254 is link-local.* \(422 NOTIFY_WEBHOOK_TARGET_REFUSED\)\n$/,
    );
    const notUrl = await svom(['subscription', 'change', id, '--webhook', 'tarot']);
    expect(notUrl.code).toBe(1);
    expect(notUrl.stderr).toBe(`svom: changing ${id}: --webhook: must match format "uri" (400 FSC_VALIDATION)\n`);
    const sky = await svom([
      'subscription',
      'add',
      '--name',
      'x',
      '--webhook',
      receiver.url('/x'),
      '--site',
      '95,0,0,10',
    ]);
    expect(sky.stderr).toBe('svom: adding the subscription: --site latitudeDeg: must be <= 90 (400 FSC_VALIDATION)\n');
    const file = join(dataDir, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'x', channel: { type: 'email', address: 'not-an-address' } }));
    const fromFile = await svom(['subscription', 'add', '--from', file]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toBe(
      `svom: adding the subscription: channel.address in ${file}: must match format "email" (400 FSC_VALIDATION)\n`,
    );
    // Nothing was stored by the refusals.
    expect(await svomJson(['subscription', 'list'])).toHaveLength(2);
  });

  it('says how to give a token when there is none, and why one is refused (exit 2, then 1)', async () => {
    const none = await svom(['subscription', 'list'], { SVOM_TOKEN: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /--token <jwt>, SVOM_TOKEN, or a profile .*svom user token --name <you> --role scientist/,
    );
    const forged = await svom([
      'subscription',
      'list',
      '--token',
      mintPersonToken('another-key-'.padEnd(40, 'y'), 'ada', ['scientist']),
    ]);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(
      /^svom: listing subscriptions: notify refused the token: .* \(401 FSC_UNAUTHORIZED\); give your JWT with --token/,
    );
    const bob = mintPersonToken(secret, 'bob', ['scientist'], 600);
    const foreign = await svom(['subscription', 'pause', id, '--token', bob]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toBe(
      `svom: pausing ${id}: subscription ${id} belongs to someone else (403 NOTIFY_FOREIGN_SUBSCRIPTION)\n`,
    );
    expect(await svomJson(['subscription', 'list', '--token', bob])).toEqual([]);
  });

  it('takes the notify URL and the token from a profile', async () => {
    const set = await svom(['profile', 'set', 'fsc', '--notify', url, '--token', ada]);
    expect(set.code, set.stderr).toBe(0);
    const listed = await svom(['--profile', 'fsc', 'subscription', 'list', '--json'], {
      SVOM_TOKEN: '',
      SVOM_NOTIFY_URL: '',
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(2);
    const profiles = await svom(['profile', 'list']);
    expect(profiles.stdout).toMatch(/^fsc\s+-\s+https:\/\/127\.0\.0\.1:\d+\s+-\s+-\s+-\s+set$/m);
    expect(profiles.stdout).not.toContain(ada);
  });

  it('deletes: the subscription is gone, and asking for it again exits 1', async () => {
    const deleted = await svom(['subscription', 'delete', id]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`${id} deleted\n`);
    const gone = await svom(['subscription', 'show', id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(`svom: reading ${id}: no subscription ${id} (404 NOTIFY_UNKNOWN_SUBSCRIPTION)\n`);
    expect((await svom(['subscription', 'deliveries', id])).code).toBe(1);
  });
});
