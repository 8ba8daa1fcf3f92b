import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BaseConfig, ConfigError, createApp, loadConfig, operatorAccessFrom, type ServiceApp } from '@svom/service-kit';

// Issue 15: /metrics and /docs restricted by an allowlist and/or a token, to loopback by
// default in production, open in development.
const secret = 'm'.repeat(40);
const TOKEN = 'metrics-token-0123456789abcdefghijklmnop';
const DOCS_TOKEN = 'docs-token-0123456789abcdefghijklmnopqrst';
const stranger = '203.0.113.5';

const build = (access: ReturnType<typeof operatorAccessFrom>) =>
  createApp({ service: 'access-test', title: 't', description: 't', jwtSecret: secret, logger: false, access });

describe('operatorAccessFrom: what operators write', () => {
  test('development: unset is everyone; production: unset is this host only', () => {
    const dev = operatorAccessFrom({}, { NODE_ENV: 'development' });
    expect(dev.metrics.allow).toBeUndefined();
    expect(dev.docs.allow).toBeUndefined();
    const prod = operatorAccessFrom({}, { NODE_ENV: 'production' });
    expect(prod.metrics.allow?.('127.0.0.1')).toBe(true);
    expect(prod.metrics.allow?.('::1')).toBe(true);
    expect(prod.metrics.allow?.('172.30.80.7')).toBe(false);
    expect(prod.docs.allow?.(stranger)).toBe(false);
  });

  test('a token alone restricts to loopback plus the token, in development too', () => {
    const access = operatorAccessFrom({ METRICS_TOKEN: TOKEN }, {});
    expect(access.metrics.allow?.(stranger)).toBe(false);
    expect(access.metrics.allow?.('127.0.0.1')).toBe(true);
    expect(access.metrics.token).toBe(TOKEN);
    expect(access.docs.allow).toBeUndefined();
  });

  test('CIDRs, * and none; a bad entry is named by its variable', () => {
    const access = operatorAccessFrom({ METRICS_ALLOW: '172.30.80.0/24, 10.0.0.1', DOCS_ALLOW: 'none' }, {});
    expect(access.metrics.allow?.('172.30.80.200')).toBe(true);
    expect(access.metrics.allow?.('::ffff:10.0.0.1')).toBe(true);
    expect(access.metrics.allow?.('127.0.0.1')).toBe(false);
    expect(access.docs.allow?.('127.0.0.1')).toBe(false);
    expect(operatorAccessFrom({ DOCS_ALLOW: '*' }, { NODE_ENV: 'production' }).docs.allow).toBeUndefined();
    try {
      operatorAccessFrom({ METRICS_ALLOW: '10.0.0.0/8,prometheus' }, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/METRICS_ALLOW: .*"prometheus"/);
    }
  });

  test('the token may come from a file (METRICS_TOKEN_FILE); a short one is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svom-access-'));
    writeFileSync(join(dir, 'metrics'), `${TOKEN}\n`);
    const config = loadConfig(BaseConfig, { METRICS_TOKEN_FILE: join(dir, 'metrics') });
    expect(operatorAccessFrom(config, {}).metrics.token).toBe(TOKEN);
    expect(() => loadConfig(BaseConfig, { DOCS_TOKEN: 'short' })).toThrow(/DOCS_TOKEN: at least 32 characters/);
  });
});

describe('production defaults: this host only', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    app = await build(operatorAccessFrom({}, { NODE_ENV: 'production' }));
  });
  afterAll(async () => app?.close());

  test.each(['/metrics', '/docs', '/docs/json', '/docs/static/index.html'])(
    '%s from elsewhere: 403 problem+json',
    async (url) => {
      const res = await app.inject({ url, remoteAddress: stranger });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 403, code: 'FSC_FORBIDDEN' });
      expect(res.json().detail).toContain(stranger);
    },
  );

  test('from this host, and the probes from anywhere, as before', async () => {
    expect((await app.inject({ url: '/metrics' })).body).toContain('http_request_duration_seconds');
    expect((await app.inject({ url: '/docs/json' })).json().openapi).toBe('3.1.0');
    expect((await app.inject({ url: '/health', remoteAddress: stranger })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/metrics', remoteAddress: stranger })).statusCode).toBe(403);
  });
});

describe('an allowlist and a token (the compose network and a scraper elsewhere)', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    app = await build(
      operatorAccessFrom(
        { METRICS_ALLOW: '172.30.80.0/24', METRICS_TOKEN: TOKEN, DOCS_TOKEN: DOCS_TOKEN },
        { NODE_ENV: 'production' },
      ),
    );
  });
  afterAll(async () => app?.close());

  test('an address on the list needs no token', async () => {
    const res = await app.inject({ url: '/metrics', remoteAddress: '::ffff:172.30.80.9' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('process_cpu_seconds_total');
    // The list replaces the default: loopback is no longer on it.
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
  });

  test('elsewhere: 401 asking for the token, 401 for a wrong one, 200 with it (Bearer or Basic)', async () => {
    const none = await app.inject({ url: '/metrics', remoteAddress: stranger });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer realm="\/metrics", Basic/);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.json().code).toBe('FSC_UNAUTHORIZED');
    const wrong = await app.inject({
      url: '/metrics',
      remoteAddress: stranger,
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().detail).toContain('not it');
    const bearer = await app.inject({
      url: '/metrics',
      remoteAddress: stranger,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.statusCode).toBe(200);
    const basic = await app.inject({
      url: '/docs/json',
      remoteAddress: stranger,
      headers: { authorization: `Basic ${Buffer.from(`ops:${DOCS_TOKEN}`).toString('base64')}` },
    });
    expect(basic.statusCode).toBe(200);
    // Each endpoint has its own token.
    const crossed = await app.inject({
      url: '/docs/json',
      remoteAddress: stranger,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(crossed.statusCode).toBe(401);
  });
});

describe('development defaults: open', () => {
  test('anyone reads /metrics and /docs', async () => {
    const app = await build(operatorAccessFrom({}, {}));
    try {
      expect((await app.inject({ url: '/metrics', remoteAddress: stranger })).statusCode).toBe(200);
      expect((await app.inject({ url: '/docs/json', remoteAddress: stranger })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
