import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../common/exit-codes.js';
import { natsServerList, numberIn } from '../common/parse-options.js';
import {
  addSubscriber,
  credentialsFileText,
  initSubscribers,
  readSubscribers,
  revokeSubscriber,
} from '../subscriber/subscribers-file.js';

const DEFAULT_FILE = 'deploy/nats/subscribers/subscribers.conf';

interface FileOptions {
  file: string;
  reloadPid?: number;
}

/**
 * `svom subscriber add|revoke|list`: the outside subscribers of the NATS PUBLIC account
 * (deploy/nats/accounts.conf). The server holds bcrypt hashes; the subscriber gets a credentials
 * file once. A reload (SIGHUP) applies a change without restarting the cluster.
 */
export function registerSubscriberCommand(program: Command): void {
  const subscriber = program
    .command('subscriber')
    .description('Outside NATS subscribers (PUBLIC account): issue and revoke credentials (not svom subscription)')
    .addHelpText(
      'after',
      `
A subscriber is a machine outside the FSC given a NATS account to read the notices streams
itself (docs/subscribe.md); this edits the users file the NATS nodes include. For notices sent
to you by email or webhook, with filters and a site, see svom subscription.`,
    );
  const fileOption = ['--file <conf>', 'the users file the NATS nodes include (NATS_SUBSCRIBERS_FILE)'] as const;
  const fileDefault = process.env.NATS_SUBSCRIBERS_FILE ?? DEFAULT_FILE;
  const reloadOption = [
    '--reload-pid <pid>',
    'send SIGHUP to this nats-server afterwards',
    numberIn(1, 2 ** 22),
  ] as const;
  subscriber
    .command('add <name>')
    .description('Issue credentials to a new subscriber: written to --out or printed')
    .option(...fileOption, fileDefault)
    .option('--out <file>', 'write the credentials file here (mode 600) instead of printing it')
    .option(
      '--url <urls>',
      'NATS URL(s) to put in the credentials file: every node, comma-separated or --url repeated',
      natsServerList,
    )
    .option(...reloadOption)
    .addHelpText(
      'after',
      `
The password is random, shown once, and stored only as a bcrypt hash in --file. Then reload
every NATS node (nats-server --signal reload, or SIGHUP; in compose:
docker-compose kill -s HUP nats-1 nats-2 nats-3). Give the subscriber the credentials file
and the CA certificate of the client port (NATS_CA). docs/subscribe.md is their quickstart.
Give every NATS node's URL: the nodes do not tell clients about each other, so a subscriber
knows only these, and fails over among them when one is down.

Examples:
  svom subscriber add ligo-lvk --out ligo-lvk.creds \
    --url tls://fsc.example.org:4222,tls://fsc.example.org:4223,tls://fsc.example.org:4224
  svom subscriber revoke ligo-lvk`,
    )
    .action((name: string, options: FileOptions & { out?: string; url?: string[] }) => {
      const { password } = addSubscriber(options.file, name);
      const text = credentialsFileText({ name, password, urls: options.url });
      if (options.out) {
        writeFileSync(options.out, text, { mode: 0o600 });
        process.stderr.write(`credentials of ${name} written to ${options.out}\n`);
      } else process.stdout.write(text);
      reload(options.reloadPid);
    });
  subscriber
    .command('revoke <name>')
    .description('Remove a subscriber: after the reload it is disconnected and cannot connect again')
    .option(...fileOption, fileDefault)
    .option(...reloadOption)
    .action((name: string, options: FileOptions) => {
      if (!revokeSubscriber(options.file, name)) throw new CliError(`no subscriber named ${name} in ${options.file}`);
      process.stderr.write(`${name} revoked in ${options.file}\n`);
      reload(options.reloadPid);
    });
  subscriber
    .command('init')
    .description('Write an empty users file unless one exists (what the NATS nodes include must exist)')
    .option(...fileOption, fileDefault)
    .action((options: FileOptions) => {
      const written = initSubscribers(options.file);
      process.stderr.write(`${options.file} ${written ? 'written, no subscriber yet' : 'exists, kept'}\n`);
    });
  subscriber
    .command('list')
    .description('The subscribers and when each was added')
    .option(...fileOption, fileDefault)
    .action((options: FileOptions) => {
      for (const entry of readSubscribers(options.file)) process.stdout.write(`${entry.name}\t${entry.addedAt}\n`);
    });
}

function reload(pid: number | undefined): void {
  if (pid === undefined) {
    process.stderr.write('reload the NATS nodes (SIGHUP) for this to take effect\n');
    return;
  }
  try {
    process.kill(pid, 'SIGHUP');
  } catch (cause) {
    throw new CliError(`could not signal nats-server ${pid}: ${(cause as Error).message}`, undefined, { cause });
  }
  process.stderr.write(`nats-server ${pid} reloads its configuration\n`);
}
