import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, EXIT, usageError } from './exit-codes.js';

/**
 * What a profile remembers of a remote FSC, and the environment variable each fills: a profile
 * only supplies defaults, so an option on the command line or a variable already set still wins.
 */
export const PROFILE_FIELDS = {
  alerts: 'SVOM_ALERTS_URL',
  ingest: 'SVOM_INGEST_URL',
  notify: 'SVOM_NOTIFY_URL',
  vtp: 'SVOM_VTP',
  nats: 'NATS_URL',
  natsPrefix: 'NATS_PREFIX',
  natsCreds: 'NATS_CREDENTIALS',
  ca: 'SVOM_CA',
  /** A person's JWT (notify's subscriptions): the file is readable by its owner only. */
  token: 'SVOM_TOKEN',
} as const;

export type ProfileField = keyof typeof PROFILE_FIELDS;
export type Profile = Partial<Record<ProfileField, string>>;

export interface ProfilesFile {
  /** The profile used when neither --profile nor SVOM_PROFILE names one. */
  default?: string;
  profiles: Record<string, Profile>;
}

/** SVOM_CONFIG, else $XDG_CONFIG_HOME/svom/config.json, else ~/.config/svom/config.json. */
export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SVOM_CONFIG) return env.SVOM_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'svom', 'config.json');
}

export function readProfiles(path: string): ProfilesFile {
  if (!existsSync(path)) return { profiles: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: not JSON (${(error as Error).message})`, EXIT.INVALID);
  }
  const file = parsed as ProfilesFile;
  if (typeof file !== 'object' || file === null || typeof file.profiles !== 'object' || file.profiles === null)
    throw new CliError(`${path}: expected {"profiles": {"<name>": {...}}}`, EXIT.INVALID);
  for (const [name, profile] of Object.entries(file.profiles))
    for (const [field, value] of Object.entries(profile ?? {}))
      if (!(field in PROFILE_FIELDS) || typeof value !== 'string')
        throw new CliError(
          `${path}: profiles.${name}.${field}: expected one of ${Object.keys(PROFILE_FIELDS).join(', ')} with a string value`,
          EXIT.INVALID,
        );
  return file;
}

/** Written readable by its owner only: a profile may hold a token or name a credentials file. */
export function writeProfiles(path: string, file: ProfilesFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** `--profile <name>` or `--profile=<name>` anywhere in argv, before commander has parsed it. */
function profileArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg === '--profile') return argv[i + 1];
    if (arg.startsWith('--profile=')) return arg.slice('--profile='.length);
  }
  return undefined;
}

/**
 * Fills the environment from the chosen profile (--profile, else SVOM_PROFILE, else the file's
 * default), before the commands read their defaults from it. Returns the profile's name.
 * @throws {CliError} exit 2 when a named profile does not exist.
 */
export function applyProfile(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const asked = profileArgument(argv) ?? (env.SVOM_PROFILE || undefined);
  const path = profilesPath(env);
  if (asked === undefined && !existsSync(path)) return undefined;
  const file = readProfiles(path);
  const name = asked ?? file.default;
  if (name === undefined) return undefined;
  const profile = file.profiles[name];
  if (!profile) {
    const known = Object.keys(file.profiles);
    throw usageError(`no profile "${name}" in ${path}${known.length ? ` (there: ${known.join(', ')})` : ''}`);
  }
  for (const [field, variable] of Object.entries(PROFILE_FIELDS)) {
    const value = profile[field as ProfileField];
    if (value !== undefined && !env[variable]) env[variable] = value;
  }
  return name;
}
