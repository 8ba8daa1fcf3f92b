import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { CliError } from '../common/exit-codes.js';

/** One outside subscriber in deploy/nats/subscribers/subscribers.conf. */
export interface SubscriberEntry {
  name: string;
  /** bcrypt hash: the server never holds a subscriber's password. */
  passwordHash: string;
  addedAt: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const LINE = /^\s*\{ user: "([^"]+)", password: "([^"]+)" \}\s*# added (\S+)\s*$/;

/** Reads the users of the PUBLIC account from the file `svom subscriber` keeps. */
export function readSubscribers(file: string): SubscriberEntry[] {
  const entries: SubscriberEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = LINE.exec(line);
    if (match?.[1] && match[2] && match[3]) entries.push({ name: match[1], passwordHash: match[2], addedAt: match[3] });
  }
  return entries;
}

/** Writes the whole file anew (through a rename, so a reloading server never reads half of it). */
export function writeSubscribers(file: string, entries: readonly SubscriberEntry[]): void {
  const lines = [
    '# Outside subscribers of the PUBLIC account (deploy/nats/accounts.conf), one a line.',
    '# Written by `npm run svom -- subscriber add <name>` / `revoke <name>`; passwords are bcrypt hashes.',
    '# Reload every NATS node after a change (SIGHUP): see docs/subscribe.md.',
    'users: [',
    ...entries.map((e) => `  { user: "${e.name}", password: "${e.passwordHash}" }  # added ${e.addedAt}`),
    ']',
    '',
  ];
  writeFileSync(`${file}.tmp`, lines.join('\n'), { mode: 0o640 });
  renameSync(`${file}.tmp`, file);
}

/**
 * Writes a users file with nobody in it unless the file exists: nats-server refuses to start on
 * an `include` of a missing file, and a deployment's volume starts empty. True when written.
 */
export function initSubscribers(file: string): boolean {
  if (existsSync(file)) return false;
  writeSubscribers(file, []);
  return true;
}

/**
 * Adds a subscriber with a new random password and answers that password (it is stored nowhere
 * else: lost, it is revoked and added again).
 */
export function addSubscriber(file: string, name: string, now = new Date()): { password: string } {
  if (!NAME.test(name))
    throw new CliError(`subscriber name ${JSON.stringify(name)}: letters, digits, '.', '_', '-' (64 at most)`);
  const entries = readSubscribers(file);
  if (entries.some((e) => e.name === name))
    throw new CliError(`subscriber ${name} exists already (revoke it first to issue new credentials)`);
  const password = randomBytes(24).toString('base64url');
  // Cost 11: about 0.1 s on the server per connection, cheap next to a subscriber's session.
  const passwordHash = bcrypt.hashSync(password, 11);
  writeSubscribers(file, [...entries, { name, passwordHash, addedAt: now.toISOString() }]);
  return { password };
}

/** Removes a subscriber; false when there was none of that name. */
export function revokeSubscriber(file: string, name: string): boolean {
  const entries = readSubscribers(file);
  const kept = entries.filter((e) => e.name !== name);
  if (kept.length === entries.length) return false;
  writeSubscribers(file, kept);
  return true;
}

/**
 * The credentials file a subscriber receives: `KEY=value` lines that a shell can `source`.
 * `NATS_URL` lists every node given, comma-separated (the form NATS_URL has everywhere here), so
 * the subscriber can fail over when one node is down.
 */
export function credentialsFileText(options: { name: string; password: string; urls?: readonly string[] }): string {
  return [
    `# SVOM FSC NATS credentials of ${options.name}: keep secret. See docs/subscribe.md.`,
    ...(options.urls?.length ? [`NATS_URL=${options.urls.join(',')}`] : []),
    `NATS_USER=${options.name}`,
    `NATS_PASSWORD=${options.password}`,
    '',
  ].join('\n');
}
