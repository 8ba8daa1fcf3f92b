import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';

/**
 * One user of a NATS account in a users file that `svom` keeps and every NATS node includes
 * (deploy/nats/accounts.conf): the outside subscribers (subscribers.conf, account PUBLIC) and the
 * services (fsc-users.conf, account FSC).
 */
export interface NatsUserEntry {
  name: string;
  /**
   * What the server checks a client's password against: a bcrypt hash (`$2...`, the
   * subscribers'), or the password itself (the services', see fsc-users-file.ts for why).
   */
  password: string;
  addedAt: string;
}

/** What a user name may be: it goes unescaped between quotes in the server's config. */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const LINE = /^\s*\{ user: "([^"]+)", password: "([^"]+)" \}\s*# added (\S+)\s*$/;

/** The users a file lists, in its order (lines `svom` did not write are not users). */
export function readUsersFile(file: string): NatsUserEntry[] {
  const entries: NatsUserEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = LINE.exec(line);
    if (match?.[1] && match[2] && match[3]) entries.push({ name: match[1], password: match[2], addedAt: match[3] });
  }
  return entries;
}

/**
 * Writes the whole file anew, `header` as comments then `users: [...]`, through a rename so a
 * reloading server never reads half of it. Mode 0640: the nodes read it as group 1000.
 */
export function writeUsersFile(file: string, header: readonly string[], entries: readonly NatsUserEntry[]): void {
  const lines = [
    ...header.map((line) => `# ${line}`),
    'users: [',
    ...entries.map((e) => `  { user: "${e.name}", password: "${e.password}" }  # added ${e.addedAt}`),
    ']',
    '',
  ];
  writeFileSync(`${file}.tmp`, lines.join('\n'), { mode: 0o640 });
  renameSync(`${file}.tmp`, file);
}

/**
 * The hash the server checks a password against. Cost 4, bcrypt's lowest: the passwords are
 * random (192 bits, never chosen by a person), so no cost makes guessing them harder, and the hash
 * is there only so that a copy of the file lets nobody connect. A higher cost is paid at every
 * reload: the node checks again each connected user's password, and the FSC account's JetStream
 * API answers nobody meanwhile (measured at cost 11: ~0.2 s per connected subscriber). Hashes
 * made at another cost stay valid (the cost is part of the hash).
 */
export const BCRYPT_COST = 4;

export function hashPassword(password: string): string {
  return bcrypt.hashSync(password, BCRYPT_COST);
}

/** True when `password` is the one `entry` was issued with (as the server decides it). */
export function passwordMatches(entry: NatsUserEntry, password: string): boolean {
  if (isBcryptHash(entry.password)) return bcrypt.compareSync(password, entry.password);
  const [a, b] = [Buffer.from(entry.password), Buffer.from(password)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What nats-server takes for a bcrypt hash rather than a password: `$2a$`, `$2b$`... */
export function isBcryptHash(text: string): boolean {
  return /^\$2[abxy]?\$\d\d\$/.test(text);
}

/** A new random password of 48 hex digits: safe unquoted in .env files, URLs and command lines. */
export function newPassword(): string {
  return randomBytes(24).toString('hex');
}
