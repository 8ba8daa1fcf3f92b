import { ConfigError } from './config.js';

/**
 * Secrets this repository contains (compose's development defaults, the test suites' keys): a
 * production service must never run with one of them, since anyone who read the repository could
 * then mint a Burst Advocate's token (issue 15).
 */
const KNOWN_SECRETS = new Set([
  'dev-only-insecure-jwt-secret-change-me',
  'svom-dev-only',
  'test-secret-'.padEnd(40, 'x'),
  'postgres',
  'svom',
]);

/** Fewer distinct characters than this cannot be 32 random bytes in any usual encoding (hex has 16). */
const MIN_DISTINCT_CHARACTERS = 12;

/**
 * With `NODE_ENV=production`, refuses to start on a secret that is missing, shorter than 32
 * characters, one the repository contains, or too regular to be random, naming the variable.
 * Outside production it checks nothing (development generates its key under DATA_DIR).
 */
export function checkProductionSecrets(
  config: { JWT_SECRET?: string | undefined; DATABASE_URL?: string | undefined },
  env: Record<string, string | undefined> = process.env,
): void {
  if (env.NODE_ENV !== 'production') return;
  const problems: string[] = [];
  const secret = config.JWT_SECRET;
  if (!secret) problems.push('JWT_SECRET: required in production (or JWT_SECRET_FILE naming a file that holds it)');
  else {
    const why = weakness(secret);
    if (why) problems.push(`JWT_SECRET: ${why}; make one with: openssl rand -base64 32`);
  }
  const password = passwordOf(config.DATABASE_URL);
  if (password !== undefined && KNOWN_SECRETS.has(password))
    problems.push('DATABASE_URL: its password is a development default this repository contains');
  if (problems.length) throw new ConfigError(problems);
}

function weakness(secret: string): string | undefined {
  if (KNOWN_SECRETS.has(secret)) return 'a development or test secret this repository contains';
  if (secret.length < 32) return `${secret.length} characters; at least 32 random bytes are needed`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) return 'too regular to be random';
  return undefined;
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
