import type { Command } from 'commander';
import { usageError } from '../common/exit-codes.js';
import { PROFILE_FIELDS, type Profile, profilesPath, readProfiles, writeProfiles } from '../common/profiles.js';
import { renderTable } from '../common/table.js';

interface SetOptions extends Profile {
  default?: boolean;
}

/** `svom profile set|list|remove`: remote FSCs remembered, so their options are typed once. */
export function registerProfileCommand(program: Command): void {
  const profile = program
    .command('profile')
    .description("Remember a remote FSC's URLs, CA, NATS credentials and your token under a name (--profile <name>)");

  profile
    .command('set')
    .description('Create or update a profile (only the options given change)')
    .argument('<name>', 'the profile name, e.g. fsc or test')
    .option('--alerts <url>', 'the alerts service (SVOM_ALERTS_URL)')
    .option('--ingest <url>', 'the ingest service (SVOM_INGEST_URL)')
    .option('--notify <url>', 'the notify service, for svom subscription (SVOM_NOTIFY_URL)')
    .option('--vtp <host:port>', "the VTP broker's subscriber port (SVOM_VTP)")
    .option('--nats <url>', 'the NATS server (NATS_URL)')
    .option('--nats-prefix <prefix>', 'its subject prefix, if any (NATS_PREFIX)')
    .option('--nats-creds <file>', 'a NATS credentials file from svom subscriber add (NATS_CREDENTIALS)')
    .option('--ca <file>', "a PEM certificate to trust for the FSC's HTTPS (SVOM_CA)")
    .option('--token <jwt>', 'your JWT from the FSC, for svom subscription (SVOM_TOKEN)')
    .option('--default', 'use this profile when none is named')
    .addHelpText(
      'after',
      `
A profile fills those variables when they are not set, so an option on the command line, or a
variable already in the environment, still wins. The file (${profilesPath()}, or
SVOM_CONFIG) is written readable by you only: it may hold your token.

Examples:
  svom profile set fsc --alerts https://fsc.example.org:8442 --vtp fsc.example.org:8099 --ca fsc-ca.pem --default
  svom profile set fsc --notify https://fsc.example.org:8446 --token "$(cat ~/fsc-token.jwt)"
  svom --profile fsc bursts
  SVOM_PROFILE=fsc svom listen --vtp`,
    )
    .action((name: string, options: SetOptions) => {
      const path = profilesPath();
      const file = readProfiles(path);
      const given = Object.fromEntries(
        Object.keys(PROFILE_FIELDS)
          .filter((field) => options[field as keyof Profile] !== undefined)
          .map((field) => [field, options[field as keyof Profile]]),
      );
      file.profiles[name] = { ...file.profiles[name], ...given };
      if (options.default) file.default = name;
      writeProfiles(path, file);
      process.stderr.write(`profile ${name} saved in ${path}\n`);
    });

  profile
    .command('list')
    .description('Show the profiles (the default marked *)')
    .action(() => {
      const file = readProfiles(profilesPath());
      const rows = Object.entries(file.profiles).map(([name, p]) => [
        `${name}${file.default === name ? ' *' : ''}`,
        p.alerts,
        p.notify,
        p.vtp,
        p.nats,
        p.ca,
        // Never printed: a terminal is read over shoulders and scrolled back.
        p.token === undefined ? undefined : 'set',
      ]);
      process.stdout.write(`${renderTable(['profile', 'alerts', 'notify', 'vtp', 'nats', 'ca', 'token'], rows)}\n`);
    });

  profile
    .command('remove')
    .description('Forget a profile')
    .argument('<name>')
    .action((name: string) => {
      const path = profilesPath();
      const file = readProfiles(path);
      if (!file.profiles[name]) throw usageError(`no profile "${name}" in ${path}`);
      delete file.profiles[name];
      if (file.default === name) delete file.default;
      writeProfiles(path, file);
    });
}
