import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { type JwtAlgorithm, resolveJwtSecret } from '@svom/service-kit/identity';
import { CliError, EXIT } from './exit-codes.js';

/**
 * What the CLI reads of the environment, the same variables the services read (BaseConfig),
 * so `svom` and a local FSC agree on the data folder, the signing key and the certificate.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATA_DIR || './data';
}

/** The JWT signing key: JWT_SECRET, else the development key under DATA_DIR (made once). */
export function jwtSecret(env: NodeJS.ProcessEnv = process.env): string {
  return resolveJwtSecret({ secret: env.JWT_SECRET || undefined, dataDir: dataDir(env) });
}

/** The algorithm the services accept on people's JWTs (JWT_ALGORITHM, HS256 by default). */
export function jwtAlgorithm(env: NodeJS.ProcessEnv = process.env): JwtAlgorithm {
  const value = env.JWT_ALGORITHM || 'HS256';
  if (value === 'HS256' || value === 'HS384' || value === 'HS512') return value;
  throw new CliError(`JWT_ALGORITHM: one of HS256, HS384, HS512 (got ${JSON.stringify(value)})`, EXIT.USAGE);
}

/**
 * Certificates to trust: the public roots plus the FSC's own certificate (--ca, else SVOM_CA
 * from a profile, else TLS_CERT, else the self-signed pair `npm start` made under DATA_DIR/tls). Trusting it beats
 * turning verification off, which would also accept any impostor on the network.
 */
export function trustedCertificates(caFile?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const local = caFile ?? (env.SVOM_CA || env.TLS_CERT || join(dataDir(env), 'tls', 'localhost.crt'));
  const extra = existsSync(local) ? [readFileSync(local, 'utf8')] : [];
  return [...rootCertificates, ...extra];
}

export const DEFAULT_URLS = {
  ingest: 'https://127.0.0.1:8441',
  alerts: 'https://127.0.0.1:8442',
  notify: 'https://127.0.0.1:8446',
  vtp: '127.0.0.1:8099',
  nats: 'nats://127.0.0.1:4222',
} as const;
