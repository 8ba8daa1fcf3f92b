// The `svom` command's program: act as the FSC's operators and stations, listen to, send and
// convert alerts.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerSimulateCommand } from './commands/simulate.command.js';
import { registerStationCommand } from './commands/station.command.js';
import { registerUserCommand } from './commands/user.command.js';
import { registerListenCommand } from './commands/listen.command.js';
import { registerConvertCommand } from './commands/convert.command.js';
import { registerValidateCommand } from './commands/validate.command.js';
import { registerBurstsCommands } from './commands/bursts.command.js';
import { registerCompletionCommand } from './commands/completion.command.js';
import { registerSendCommand } from './commands/send.command.js';
import { registerSubscriberCommand } from './commands/subscriber.command.js';
import { registerFscUserCommand } from './commands/fsc-user.command.js';
import { registerSubscriptionCommand } from './commands/subscription.command.js';
import { registerXmppCommand } from './commands/xmpp.command.js';
import { registerProfileCommand } from './commands/profile.command.js';
import { EXIT_CODES_HELP } from './common/exit-codes.js';
import { applyProfile, profilesPath } from './common/profiles.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The `svom` program with every command a user of the FSC runs from anywhere; `svom start` (the
 * launcher of the whole FSC, which needs the services) is added by main.ts in the repository only.
 */
export function createProgram(): Command {
  // Before the commands are made: their defaults come from the environment the profile fills.
  applyProfile(process.argv);
  const program = new Command()
    .name('svom')
    .version(version, '-V, --version', 'print the version of svom')
    .description('The SVOM French Science Center from the command line')
    .option('--profile <name>', `a remote FSC's URLs, CA and credentials from ${profilesPath()} (SVOM_PROFILE)`)
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `${EXIT_CODES_HELP}

Colours only on a terminal, never with NO_COLOR set. The services' URLs default to this machine
(ingest https://127.0.0.1:8441, alerts https://127.0.0.1:8442, notify https://127.0.0.1:8446);
their self-signed certificate is trusted from DATA_DIR/tls (./data) or TLS_CERT.

Examples:
  svom start --simulate
  svom user token --name alice --role operator
  svom station add NCL1 --name Nouméa --lat -22.27 --lon 166.45
  svom listen --sse https://127.0.0.1:8442/v1/stream --min-snr 8
  svom convert notice.xml > notice.json
  svom validate notices/
  svom send notice.xml --to 127.0.0.1:8098
  svom subscription add --name TAROT --webhook https://tarot.example.org/svom --type mxt --token "$TOKEN"
  source <(svom completion bash)`,
    );

  registerUserCommand(program);
  registerStationCommand(program);
  registerSimulateCommand(program);
  registerListenCommand(program);
  registerConvertCommand(program);
  registerValidateCommand(program);
  registerBurstsCommands(program);
  registerSendCommand(program);
  registerSubscriptionCommand(program);
  registerSubscriberCommand(program);
  registerFscUserCommand(program);
  registerXmppCommand(program);
  registerProfileCommand(program);
  registerCompletionCommand(program);
  return program;
}
