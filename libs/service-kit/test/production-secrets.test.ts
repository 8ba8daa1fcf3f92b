import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BaseConfig, ConfigError, checkProductionSecrets, loadConfig } from '@svom/service-kit';
import { TEST_JWT_SECRET } from '@svom/service-kit/testing';

// Issue 15 item 2: the insecure configuration must not start in production; secrets from files.
const production = { NODE_ENV: 'production' };
const random = 'Zq3vN8kR1xLp0sT7wYb4Hc2Ej6Mf9Ug5Ad_Ki-Oo'; // 40 characters, 36 distinct

describe('NODE_ENV=production refuses weak secrets, naming the variable', () => {
  test.each([
    ['missing', undefined, /JWT_SECRET: required in production/],
    [
      "compose's development default",
      'dev-only-insecure-jwt-secret-change-me',
      /JWT_SECRET: a development or test secret/,
    ],
    ["the test suites' key", TEST_JWT_SECRET, /JWT_SECRET: a development or test secret/],
    ['too regular', 'k'.repeat(40), /JWT_SECRET: too regular/],
  ])('JWT_SECRET %s', (_what, secret, message) => {
    expect(() => checkProductionSecrets({ JWT_SECRET: secret }, production)).toThrow(message);
    expect(() => checkProductionSecrets({ JWT_SECRET: secret }, production)).toThrow(ConfigError);
  });

  test('a database password this repository contains is refused; a random secret passes; development checks nothing', () => {
    expect(() =>
      checkProductionSecrets({ JWT_SECRET: random, DATABASE_URL: 'postgres://svom:svom-dev-only@db/svom' }, production),
    ).toThrow(/DATABASE_URL: its password is a development default/);
    expect(() =>
      checkProductionSecrets({ JWT_SECRET: random, DATABASE_URL: 'postgres://svom:Xk2p9vQzr7@db/svom' }, production),
    ).not.toThrow();
    expect(() => checkProductionSecrets({ JWT_SECRET: 'short' }, {})).not.toThrow();
  });
});

describe('<NAME>_FILE: a variable read from a file (Docker and Kubernetes secrets)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svom-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('JWT_SECRET_FILE gives JWT_SECRET (trimmed); the variable itself wins; an unreadable file is named', () => {
    const file = join(dir, 'jwt');
    writeFileSync(file, `${random}\n`);
    expect(loadConfig(BaseConfig, { JWT_SECRET_FILE: file }).JWT_SECRET).toBe(random);
    expect(loadConfig(BaseConfig, { JWT_SECRET_FILE: file, JWT_SECRET: `${random}x` }).JWT_SECRET).toBe(`${random}x`);
    expect(() => loadConfig(BaseConfig, { JWT_SECRET_FILE: join(dir, 'nope') })).toThrow(
      /JWT_SECRET_FILE: cannot read .*ENOENT/,
    );
    const url = join(dir, 'db');
    writeFileSync(url, 'postgres://svom:pw@db/svom');
    expect(loadConfig(BaseConfig, { DATABASE_URL_FILE: url }).DATABASE_URL).toBe('postgres://svom:pw@db/svom');
  });
});
