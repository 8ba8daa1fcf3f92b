import { existsSync } from 'node:fs';
import { CliError } from '../common/exit-codes.js';
import {
  isBcryptHash,
  type NatsUserEntry,
  newPassword,
  passwordMatches,
  readUsersFile,
  USER_NAME,
  writeUsersFile,
} from '../nats-users/users-file.js';

// The users of the NATS account FSC, the services' (deploy/nats/accounts.conf includes
// subscribers/fsc-users.conf). One user, except during a rotation of the services' password:
// NATS gives a user one password, so the next password comes with the next user name
// (fsc, fsc-2, fsc-3...), both accepted until every service has moved to it.
//
// The passwords are written as they are, not as bcrypt hashes (the subscribers' are): at each
// reload a node checks the password of every client still connected, and while it does the FSC
// account's JetStream API answers nobody. A bcrypt check costs ~0.1-0.25 s, so the services'
// connections alone (a dozen) left the API silent for ~2.5 s at every reload (measured on
// nats-server 2.9.10; 0 with plain passwords). The file is as secret as .env: mode 0640, read by
// the nodes (group 1000) and the FSC image's user, in a volume or a root-owned directory.

/** The services' NATS credential, as .env gives it (NATS_FSC_USER, NATS_FSC_PASSWORD). */
export interface FscCredential {
  user: string;
  password: string;
}

/** The user name of a deployment that never rotated (NATS_FSC_USER unset). */
export const FIRST_FSC_USER = 'fsc';

const HEADER = [
  'Users of the FSC account (the services), deploy/nats/accounts.conf: secret, as .env is.',
  'Written by `svom fsc-user init | next | retire`; two users only while the services password',
  'is rotated (deploy/README.md, "Secrets rotation"). Reload every NATS node after a change (SIGHUP).',
];

export function readFscUsers(file: string): NatsUserEntry[] {
  return readUsersFile(file);
}

function describe(entries: readonly NatsUserEntry[]): string {
  return entries.length ? entries.map((e) => `${e.name} (added ${e.addedAt})`).join(', ') : 'no user';
}

/** True when the file has this user with this password. */
export function acceptsCredential(entries: readonly NatsUserEntry[], credential: FscCredential): boolean {
  const entry = entries.find((e) => e.name === credential.user);
  return entry !== undefined && passwordMatches(entry, credential.password);
}

/**
 * What the compose stack's one-shot runs on every `up`: writes the file with .env's credential
 * when there is none (a new deployment), and otherwise checks the file still accepts that
 * credential. It refuses when .env names a password the nodes do not know, so that a changed
 * .env cannot recreate the services with a password the cluster refuses: the change goes
 * through `next` and `retire` instead. Answers whether the file was written.
 */
export function initFscUsers(file: string, credential: FscCredential, now = new Date()): boolean {
  if (!existsSync(file)) {
    checkWritable(credential);
    writeUsersFile(file, HEADER, [
      { name: credential.user, password: credential.password, addedAt: now.toISOString() },
    ]);
    return true;
  }
  const entries = readFscUsers(file);
  if (!acceptsCredential(entries, credential))
    throw new CliError(
      `${file} does not accept NATS_FSC_USER=${credential.user} with this NATS_FSC_PASSWORD (it has ${describe(entries)}): ` +
        'a new services password is given with `fsc-user next`, never by editing .env alone (deploy/README.md, "Secrets rotation")',
    );
  return false;
}

const FSC_USER_NAME = /^fsc(?:-(\d+))?$/;

/**
 * True for the names the services' users take (fsc, fsc-2...): user names are one namespace
 * across the server's accounts, so no subscriber may have one.
 */
export function isFscUserName(name: string): boolean {
  return FSC_USER_NAME.test(name);
}

/**
 * A credential the file can hold as it is: between double quotes, unescaped, and not taken by the
 * server for a bcrypt hash. `openssl rand -hex 24` (the README's) and `next`'s always are.
 */
function checkWritable(credential: FscCredential): void {
  if (!USER_NAME.test(credential.user))
    throw new CliError(`NATS_FSC_USER ${JSON.stringify(credential.user)}: letters, digits, '.', '_', '-' (64 at most)`);
  if (
    !/^[\x21-\x7e]+$/.test(credential.password) ||
    /["\\]/.test(credential.password) ||
    isBcryptHash(credential.password)
  )
    throw new CliError(
      'NATS_FSC_PASSWORD: printable ASCII without spaces, quotes or backslashes, e.g. openssl rand -hex 24',
    );
}

/** The user after the last of `names`: fsc, fsc-2, fsc-3... (fsc-2 after any other name). */
export function nextUserName(names: readonly string[]): string {
  let last = 1;
  for (const name of names) {
    const match = FSC_USER_NAME.exec(name);
    if (match) last = Math.max(last, match[1] ? Number(match[1]) : 1);
  }
  return `${FIRST_FSC_USER}-${last + 1}`;
}

/**
 * Step 1 of a rotation: adds the next user with a new random password, beside the current one.
 * Answers the credential the services are to be given (it is stored nowhere else).
 */
export function addNextFscUser(file: string, now = new Date()): FscCredential {
  const entries = readFscUsers(file);
  if (entries.length !== 1)
    throw new CliError(
      entries.length === 0
        ? `${file} has no user: run \`fsc-user init\` first`
        : `a rotation is under way in ${file} (${describe(entries)}): finish it with \`fsc-user retire\` first`,
    );
  const credential = { user: nextUserName(entries.map((e) => e.name)), password: newPassword() };
  writeUsersFile(file, HEADER, [
    ...entries,
    { name: credential.user, password: credential.password, addedAt: now.toISOString() },
  ]);
  return credential;
}

/** The users `retire` would remove: every one but the credential .env now gives the services. */
export function usersToRetire(entries: readonly NatsUserEntry[], kept: FscCredential): string[] {
  if (!acceptsCredential(entries, kept))
    throw new CliError(
      `NATS_FSC_USER=${kept.user} with this NATS_FSC_PASSWORD is not in the file (it has ${describe(entries)}): ` +
        'put the credential `fsc-user next` printed in .env before retiring the others',
    );
  return entries.filter((e) => e.name !== kept.user).map((e) => e.name);
}

/** Step 3 of a rotation: keeps only the user `kept` names. Answers the names removed. */
export function retireFscUsers(file: string, kept: FscCredential): string[] {
  const entries = readFscUsers(file);
  const removed = usersToRetire(entries, kept);
  if (removed.length)
    writeUsersFile(
      file,
      HEADER,
      entries.filter((e) => e.name === kept.user),
    );
  return removed;
}
