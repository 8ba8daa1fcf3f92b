import { readFileSync } from 'node:fs';

/**
 * How a client proves itself to NATS and which certificate it trusts. The FSC's NATS gives each
 * client a user and password in an account (deploy/nats/accounts.conf): the services in `FSC`,
 * outside subscribers in `PUBLIC`. Passwords travel only over TLS, hence the CA beside them.
 */
export interface NatsAuth {
  user?: string;
  password?: string;
  /** PEM of the certificate (or CA) to trust for `tls://` and servers that require TLS. */
  ca?: string;
}

export class NatsAuthError extends Error {
  override name = 'NatsAuthError';
  readonly code = 'KIT_BAD_NATS_AUTH';
}

/**
 * A credentials file as `svom subscriber add` writes it: `KEY=value` lines (`NATS_USER`,
 * `NATS_PASSWORD`, optionally `NATS_URL`), `#` comments. The same file can be `source`d by a shell
 * or read by any language in three lines.
 */
export function readNatsCredentials(text: string): { user: string; password: string; url?: string } {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(NATS_[A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  if (!values.NATS_USER || !values.NATS_PASSWORD)
    throw new NatsAuthError('a NATS credentials file needs NATS_USER=... and NATS_PASSWORD=... lines');
  return {
    user: values.NATS_USER,
    password: values.NATS_PASSWORD,
    ...(values.NATS_URL ? { url: values.NATS_URL } : {}),
  };
}

/**
 * The NATS authentication named by the environment: `NATS_CREDENTIALS` (a credentials file), or
 * `NATS_USER` and `NATS_PASSWORD`; `NATS_CA` a PEM file to trust. Nothing set: no authentication,
 * as the development server on this machine expects.
 */
export function natsAuthFromEnv(
  env: {
    NATS_USER?: string | undefined;
    NATS_PASSWORD?: string | undefined;
    NATS_CREDENTIALS?: string | undefined;
    NATS_CA?: string | undefined;
  } = process.env,
): NatsAuth {
  const auth: NatsAuth = {};
  if (env.NATS_CREDENTIALS) {
    const creds = readNatsCredentials(readFileSync(env.NATS_CREDENTIALS, 'utf8'));
    auth.user = creds.user;
    auth.password = creds.password;
  } else if (env.NATS_USER || env.NATS_PASSWORD) {
    if (!env.NATS_USER || !env.NATS_PASSWORD) throw new NatsAuthError('NATS_USER and NATS_PASSWORD go together');
    auth.user = env.NATS_USER;
    auth.password = env.NATS_PASSWORD;
  }
  if (env.NATS_CA) auth.ca = readFileSync(env.NATS_CA, 'utf8');
  return auth;
}

/** The nats.js connect options for an auth: `user`/`pass`, and `tls` with the CA when one is given. */
export function natsConnectAuthOptions(auth: NatsAuth = {}): { user?: string; pass?: string; tls?: { ca: string } } {
  return {
    ...(auth.user ? { user: auth.user, pass: auth.password ?? '' } : {}),
    ...(auth.ca ? { tls: { ca: auth.ca } } : {}),
  };
}
