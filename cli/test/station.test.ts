import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSvom } from './run-svom.js';
import { secret, startIngestServer, type IngestServer } from './ingest-server.js';

// The built binary against a real ingest on an ephemeral port: the CLI finds the server's
// self-signed certificate in DATA_DIR/tls, as it would after `npm start`, and signs with JWT_SECRET.
describe('svom station and svom user token', () => {
  let server: IngestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startIngestServer();
    env = { DATA_DIR: server.dataDir, JWT_SECRET: secret };
  });
  afterAll(async () => server?.close());

  it('mints a token the services accept, with its roles and lifetime', async () => {
    const { code, stdout } = await runSvom(
      ['user', 'token', '--name', 'alice', '--role', 'burst-advocate', '--hours', '2'],
      { env },
    );
    expect(code).toBe(0);
    const [header, payload, signature] = stdout.trim().split('.');
    expect(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'alice', roles: ['burst-advocate'] });
    expect(claims.exp - claims.iat).toBe(7200);
  });

  it('adds a station and prints its token once, as JSON with --json', async () => {
    const { code, stdout } = await runSvom(
      [
        'station',
        'add',
        'NCL1',
        '--name',
        'Nouméa',
        '--lat',
        '-22.27',
        '--lon',
        '166.45',
        '--json',
        '--url',
        server.url,
      ],
      { env },
    );
    expect(code).toBe(0);
    const credentials = JSON.parse(stdout);
    expect(Object.keys(credentials)).toEqual(['stationId', 'token']);
    expect(credentials.stationId).toBe('NCL1');
    // The token works: the station can post receptions with it.
    const reply = await server.app.inject({
      method: 'POST',
      url: '/v1/receptions',
      headers: { authorization: `Bearer ${credentials.token}` },
      payload: { receptions: [{ stationId: 'NCL1', receivedAt: new Date().toISOString(), frame: 'AAAA' }] },
    });
    expect(reply.statusCode).toBe(200);
  });

  it('prints the bare token without --json, and exits 1 on an existing id', async () => {
    const added = await runSvom(
      ['station', 'add', 'KOU1', '--name', 'Kourou', '--lat', '5.16', '--lon', '-52.65', '--url', server.url],
      { env },
    );
    expect(added.code).toBe(0);
    expect(added.stdout.trim()).toMatch(/^vhf_[\w-]+$/);
    const again = await runSvom(
      ['station', 'add', 'KOU1', '--name', 'Kourou', '--lat', '5.16', '--lon', '-52.65', '--url', server.url],
      { env },
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already registered/);
  });

  it('rotates a token and lists stations as a table and JSON', async () => {
    const rotated = await runSvom(['station', 'rotate', 'KOU1', '--json', '--url', server.url], { env });
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout).stationId).toBe('KOU1');
    expect((await runSvom(['station', 'rotate', 'NOPE', '--url', server.url], { env })).code).toBe(1);
    const table = await runSvom(['station', 'list', '--url', server.url], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^STATION\s+NAME\s+STATUS/);
    expect(table.stdout).toMatch(/KOU1\s+Kourou\s+never-heard/);
    const json = JSON.parse((await runSvom(['station', 'list', '--json', '--url', server.url], { env })).stdout);
    expect(json.map((s: { stationId: string }) => s.stationId).sort()).toEqual(['KOU1', 'NCL1']);
  });

  it('exits 2 on bad usage and 3 when the service does not answer or is not trusted', async () => {
    expect((await runSvom(['station', 'add', 'X1', '--name', 'x', '--lat', '91', '--lon', '0'], { env })).code).toBe(2);
    expect((await runSvom(['station', 'add', 'X1', '--name', 'x', '--lat', '0'], { env })).code).toBe(2);
    expect((await runSvom(['station', 'list', '--url', 'https://127.0.0.1:1'], { env })).code).toBe(3);
    const untrusted = await runSvom(['station', 'list', '--url', server.url], { env: { DATA_DIR: '/nonexistent' } });
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toMatch(/not trusted/);
  });

  it('simulates for a few seconds and prints a summary', async () => {
    const { code, stdout, stderr } = await runSvom(
      ['simulate', '--url', server.url, '--stations', '3', '--rate', '30', '--duration', '2', '--seed', '3'],
      { env },
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^done: .*rec\/s\s+posted \d+\s+accepted \d+\s+duplicate \d+\s+rejected \d+\s+bursts \d+/);
  });
});
