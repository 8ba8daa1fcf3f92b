import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';

/** The FSC's Prosody configuration (every knob an environment variable: see the file). */
export const PROSODY_CONFIG = fileURLToPath(new URL('../../prosody/prosody.cfg.lua', import.meta.url));

export interface ProsodyOptions {
  /** Accounts, nodes and items, the certificate, the log and the pid file. */
  dataDir: string;
  domain: string;
  c2sPort: number;
  tlsPort: number;
  interface?: string | undefined;
  /** The gateway's bare JID: admin, so owner of every node. */
  admin: string;
  /** In-band registration (XEP-0077): development only. */
  register: boolean;
}

/** The environment the configuration reads. */
export function prosodyEnv(options: ProsodyOptions): Record<string, string> {
  return {
    SVOM_XMPP_DOMAIN: options.domain,
    SVOM_XMPP_DATA: options.dataDir,
    SVOM_XMPP_C2S_PORT: String(options.c2sPort),
    SVOM_XMPP_TLS_PORT: String(options.tlsPort),
    SVOM_XMPP_INTERFACE: options.interface ?? '127.0.0.1',
    SVOM_XMPP_ADMIN: options.admin,
    SVOM_XMPP_REGISTER: options.register ? '1' : '0',
    SVOM_XMPP_CERT: join(options.dataDir, 'tls', 'xmpp.crt'),
    SVOM_XMPP_KEY: join(options.dataDir, 'tls', 'xmpp.key'),
    SVOM_XMPP_STORAGE: prosodySqlStorage() ? 'sql' : 'internal',
  };
}

let sqlStorage: boolean | undefined;
/**
 * Whether Prosody can keep its data in SQLite (Debian's `lua-dbi-sqlite3` for the interpreter
 * `prosody` runs on). Without it, the file storage rewrites a node's whole item list on each
 * publish: ~0.3 s a publish once a node holds its 1,000 items, measured by the transports bench.
 */
export function prosodySqlStorage(): boolean {
  if (sqlStorage === undefined) {
    const binary = prosodyBinary();
    // `#!/usr/bin/env lua5.4` (Debian) or `#!/usr/bin/lua5.4`.
    const shebang = binary ? (readFileSync(binary, 'utf8').split('\n', 1)[0] ?? '') : '';
    const [program, argument] = shebang.replace(/^#!/, '').trim().split(/\s+/);
    const interpreter = program?.endsWith('/env') ? argument : program;
    sqlStorage = !!interpreter && spawnSync(interpreter, ['-e', 'require "DBI"; require "dbd.sqlite3"']).status === 0;
  }
  return sqlStorage;
}

/**
 * A self-signed certificate for `<domain>` and `pubsub.<domain>` (Prosody fails the TLS handshake
 * of a host it has no certificate for), made once under `<dataDir>/tls`; clients trust this file.
 */
export async function writeProsodyCertificate(dataDir: string, domain: string): Promise<string> {
  const dir = join(dataDir, 'tls');
  const cert = join(dir, 'xmpp.crt');
  if (existsSync(cert) && existsSync(join(dir, 'xmpp.key'))) return cert;
  const pems = await generate([{ name: 'commonName', value: domain }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: domain },
          { type: 2, value: `pubsub.${domain}` },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(cert, pems.cert);
  writeFileSync(join(dir, 'xmpp.key'), pems.private, { mode: 0o600 });
  return cert;
}

/** `prosody` on the PATH, or undefined. */
export function prosodyBinary(): string | undefined {
  return spawnSync('sh', ['-c', 'command -v prosody'], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/** Creates or updates an account with prosodyctl (works whether Prosody runs or not: same data dir). */
export function prosodyAccount(options: ProsodyOptions, user: string, password: string): void {
  const result = spawnSync('prosodyctl', ['--config', PROSODY_CONFIG, 'register', user, options.domain, password], {
    env: { ...process.env, ...prosodyEnv(options), SVOM_XMPP_LOG: join(options.dataDir, 'prosodyctl.log') },
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`prosodyctl: ${result.error.message} (Debian: apt-get install prosody)`);
  if (result.status !== 0)
    throw new Error(`prosodyctl register ${user}@${options.domain} failed: ${(result.stderr || result.stdout).trim()}`);
}

/** A running Prosody started here. */
export interface ProsodyProcess {
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts Prosody in the foreground on these ports and waits until its client ports answer. */
export async function startProsody(options: ProsodyOptions, timeoutMs = 20_000): Promise<ProsodyProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  await writeProsodyCertificate(options.dataDir, options.domain);
  const binary = prosodyBinary();
  if (!binary) throw new Error('prosody is not on the PATH (Debian: apt-get install prosody)');
  const child = spawn(binary, ['--config', PROSODY_CONFIG, '-F'], {
    env: { ...process.env, ...prosodyEnv(options) },
    stdio: 'ignore',
  });
  let exited = false;
  // Prosody is this process's child: it goes when this process exits, a crash's exit(1)
  // included, instead of outliving it on the ports the next start would find taken.
  const stopWithUs = () => child.kill('SIGTERM');
  process.once('exit', stopWithUs);
  child.once('exit', () => {
    exited = true;
    process.off('exit', stopWithUs);
  });
  const host = options.interface && options.interface !== '*' ? options.interface : '127.0.0.1';
  const until = Date.now() + timeoutMs;
  while (!(await portAnswers(host, options.tlsPort)) || !(await portAnswers(host, options.c2sPort))) {
    if (exited) throw new Error(`prosody exited at start; see ${join(options.dataDir, 'prosody.log')}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`prosody did not listen on ${options.c2sPort}/${options.tlsPort} in ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Something accepts TCP connections on host:port. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The development Prosody of `npm start` and `svom xmpp`: under `<DATA_DIR>/xmpp`, STARTTLS on
 * 5222 and direct TLS on the gateway's XMPP_SERVICE port (5223), the gateway its admin, in-band
 * registration on (development only: production runs its own Prosody with SVOM_XMPP_REGISTER unset).
 */
export function developmentProsody(config: {
  DATA_DIR: string;
  XMPP_SERVICE: string;
  XMPP_DOMAIN: string;
  XMPP_USER: string;
}): ProsodyOptions & { host: string } {
  const service = new URL(config.XMPP_SERVICE.replace(/^xmpps?:/, 'http:'));
  return {
    host: service.hostname,
    dataDir: join(config.DATA_DIR, 'xmpp'),
    domain: config.XMPP_DOMAIN,
    c2sPort: 5222,
    tlsPort: Number(service.port) || 5223,
    admin: `${config.XMPP_USER}@${config.XMPP_DOMAIN}`,
    register: true,
  };
}
