import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSigner } from 'fast-jwt';

/** People's roles (README.md, Using it). */
export const ROLES = ['operator', 'burst-advocate', 'scientist'] as const;
export type Role = (typeof ROLES)[number];

/** What a person's JWT carries (exp and iss are required too: see the auth plugin). */
export interface PersonClaims {
  sub: string;
  roles: Role[];
}

/** The HMAC algorithms a deployment may choose for people's JWTs (JWT_ALGORITHM); one at a time. */
export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512';

/** The issuer every person token names, and the only one accepted. */
export const PERSON_TOKEN_ISSUER = 'svom-fsc';

/** True when `roles` is what a token must carry: an array of known role names. */
export function isRoleList(roles: unknown): roles is Role[] {
  return Array.isArray(roles) && roles.every((r) => typeof r === 'string' && (ROLES as readonly string[]).includes(r));
}

/**
 * The JWT signing key: JWT_SECRET, or in development a key generated once under
 * `<dataDir>/jwt-secret` so `svom user token` and the services agree without configuration.
 */
export function resolveJwtSecret(options: { secret?: string | undefined; dataDir: string }): string {
  if (options.secret) return options.secret;
  const file = join(options.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Mints a person's token (with `exp` and `iss`), as `svom user token` does. */
export function mintPersonToken(
  secret: string,
  name: string,
  roles: Role[],
  expiresInS = 12 * 3600,
  algorithm: JwtAlgorithm = 'HS256',
): string {
  const sign = createSigner({ key: secret, algorithm, expiresIn: expiresInS * 1000, iss: PERSON_TOKEN_ISSUER });
  return sign({ sub: name, roles });
}

/** A fresh bearer token for a station or facility: shown once, stored only as its hash. */
export function newClientToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** sha256 of a client token: what the database keeps. Tokens are random, so no salt is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
