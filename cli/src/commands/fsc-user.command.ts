import type { Command } from 'commander';
import { CliError, EXIT, usageError } from '../common/exit-codes.js';
import { monitorUrlList } from '../common/parse-options.js';
import {
  addNextFscUser,
  FIRST_FSC_USER,
  type FscCredential,
  initFscUsers,
  readFscUsers,
  retireFscUsers,
  usersToRetire,
} from '../fsc-user/fsc-users-file.js';
import { nodeConnections } from '../fsc-user/node-connections.js';

const DEFAULT_FILE = 'deploy/nats/subscribers/fsc-users.conf';

interface FileOptions {
  file: string;
}

/** The services' credential from the environment, as compose passes .env's to the one-shot. */
function credentialFromEnv(): FscCredential {
  const password = process.env.NATS_FSC_PASSWORD;
  if (!password)
    throw usageError("set NATS_FSC_PASSWORD (and NATS_FSC_USER unless it is fsc): the services' NATS credential");
  return { user: process.env.NATS_FSC_USER || FIRST_FSC_USER, password };
}

/**
 * `svom fsc-user init|next|retire|list`: the users of the NATS account FSC, through which the
 * services connect. Rotating their password without restarting a NATS node: `next` adds a second
 * user with the new password (reload), the services are recreated one at a time with it, and
 * `retire` removes the first (reload). deploy/README.md, "Secrets rotation".
 */
export function registerFscUserCommand(program: Command): void {
  const fscUser = program
    .command('fsc-user')
    .description("The services' NATS users (FSC account): rotate their password without restarting NATS");
  const fileOption = ['--file <conf>', 'the users file the NATS nodes include (NATS_FSC_USERS_FILE)'] as const;
  const fileDefault = process.env.NATS_FSC_USERS_FILE ?? DEFAULT_FILE;
  fscUser
    .command('init')
    .description('Write the file with NATS_FSC_USER/NATS_FSC_PASSWORD unless it exists; else check it accepts them')
    .option(...fileOption, fileDefault)
    .action((options: FileOptions) => {
      const credential = credentialFromEnv();
      const written = initFscUsers(options.file, credential);
      process.stderr.write(
        `${options.file} ${written ? `written with ${credential.user}` : `accepts ${credential.user}, kept`}\n`,
      );
    });
  fscUser
    .command('next')
    .description('Rotation, step 1: add the next user with a new password; prints its .env lines')
    .option(...fileOption, fileDefault)
    .addHelpText(
      'after',
      `
Prints NATS_FSC_USER and NATS_FSC_PASSWORD lines for .env (the file holds the password too, as
secret as .env). Then: reload every NATS node (SIGHUP), put both lines in .env in place of the
old ones, recreate the services one at a time, \`svom fsc-user retire\`, reload again.
In compose: docker-compose run --rm -T nats-fsc-user next (deploy/README.md, "Secrets rotation").`,
    )
    .action((options: FileOptions) => {
      const next = addNextFscUser(options.file);
      process.stdout.write(`NATS_FSC_USER=${next.user}\nNATS_FSC_PASSWORD=${next.password}\n`);
      process.stderr.write(
        `${next.user} added to ${options.file}: reload the NATS nodes (SIGHUP), give the services these two lines\n`,
      );
    });
  fscUser
    .command('retire')
    .description('Rotation, step 3: remove every user but the one NATS_FSC_USER/NATS_FSC_PASSWORD name')
    .option(...fileOption, fileDefault)
    .option(
      '--monitor <urls>',
      "every NATS node's monitoring URL, to check nobody is still connected as a retired user (NATS_MONITOR_URLS)",
      monitorUrlList,
    )
    .option('--force', 'retire without that check (a node that cannot answer)')
    .action(async (options: FileOptions & { monitor?: string[]; force?: boolean }) => {
      const kept = credentialFromEnv();
      const retiring = usersToRetire(readFscUsers(options.file), kept);
      if (!retiring.length) {
        process.stderr.write(`${options.file} has ${kept.user} only: nothing to retire\n`);
        return;
      }
      if (!options.force) {
        const monitor = options.monitor ?? monitorUrlList(process.env.NATS_MONITOR_URLS ?? '');
        if (!monitor.length)
          throw usageError("give every NATS node's --monitor URL (NATS_MONITOR_URLS), or --force to retire unchecked");
        const still = (await nodeConnections(monitor)).filter((c) => retiring.includes(c.user));
        if (still.length)
          throw new CliError(
            `still connected as ${retiring.join(', ')}: ${still.map((c) => `${c.name || '(no name)'} as ${c.user} on ${c.node}`).join('; ')}. ` +
              `Recreate those with NATS_FSC_USER=${kept.user} first: a reload would cut them off for good`,
            EXIT.INVALID,
          );
      }
      retireFscUsers(options.file, kept);
      process.stderr.write(`${retiring.join(', ')} retired from ${options.file}: reload the NATS nodes (SIGHUP)\n`);
    });
  fscUser
    .command('list')
    .description('The users and when each was added')
    .option(...fileOption, fileDefault)
    .action((options: FileOptions) => {
      for (const entry of readFscUsers(options.file)) process.stdout.write(`${entry.name}\t${entry.addedAt}\n`);
    });
}
