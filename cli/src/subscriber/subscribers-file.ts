import { existsSync } from 'node:fs';
import { CliError } from '../common/exit-codes.js';
import { isFscUserName } from '../fsc-user/fsc-users-file.js';
import {
  hashPassword,
  type NatsUserEntry,
  newPassword,
  readUsersFile,
  USER_NAME,
  writeUsersFile,
} from '../nats-users/users-file.js';

/** One outside subscriber in deploy/nats/subscribers/subscribers.conf. */
export type SubscriberEntry = NatsUserEntry;

const HEADER = [
  'Outside subscribers of the PUBLIC account (deploy/nats/accounts.conf), one a line.',
  'Written by `npm run svom -- subscriber add <name>` / `revoke <name>`; passwords are bcrypt hashes.',
  'Reload every NATS node after a change (SIGHUP): see docs/subscribe.md.',
];

/** Reads the users of the PUBLIC account from the file `svom subscriber` keeps. */
export function readSubscribers(file: string): SubscriberEntry[] {
  return readUsersFile(file);
}

/** Writes the whole file anew (through a rename, so a reloading server never reads half of it). */
export function writeSubscribers(file: string, entries: readonly SubscriberEntry[]): void {
  writeUsersFile(file, HEADER, entries);
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
  if (!USER_NAME.test(name))
    throw new CliError(`subscriber name ${JSON.stringify(name)}: letters, digits, '.', '_', '-' (64 at most)`);
  if (isFscUserName(name)) throw new CliError(`subscriber name ${name}: fsc and fsc-<n> are the services' users`);
  const entries = readSubscribers(file);
  if (entries.some((e) => e.name === name))
    throw new CliError(`subscriber ${name} exists already (revoke it first to issue new credentials)`);
  const password = newPassword();
  writeSubscribers(file, [...entries, { name, password: hashPassword(password), addedAt: now.toISOString() }]);
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
