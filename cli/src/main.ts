#!/usr/bin/env node
// The `svom` command: run the FSC, act as its operators and stations, listen to and convert alerts.
import { Command } from 'commander';
import { registerStartCommand } from './launcher/start.command.js';
import { registerSimulateCommand } from './commands/simulate.command.js';
import { registerStationCommand } from './commands/station.command.js';
import { registerUserCommand } from './commands/user.command.js';
import { registerListenCommand } from './commands/listen.command.js';
import { registerConvertCommand } from './commands/convert.command.js';
import { registerValidateCommand } from './commands/validate.command.js';
import { registerBurstsCommands } from './commands/bursts.command.js';
import { registerXmppCommand } from './commands/xmpp.command.js';
import { EXIT_CODES_HELP } from './common/exit-codes.js';
import { runProgram } from './common/run-program.js';

const program = new Command()
  .name('svom')
  .description('The SVOM French Science Center from the command line')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `${EXIT_CODES_HELP}

Colours only on a terminal, never with NO_COLOR set. The services' URLs default to this machine
(ingest https://127.0.0.1:8441, alerts https://127.0.0.1:8442); their self-signed certificate
is trusted from DATA_DIR/tls (./data) or TLS_CERT.

Examples:
  svom start --simulate
  svom user token --name alice --role operator
  svom station add NCL1 --name Nouméa --lat -22.27 --lon 166.45
  svom listen --sse https://127.0.0.1:8442/v1/stream --min-snr 8
  svom convert notice.xml > notice.json
  svom validate notices/`,
  );

registerStartCommand(program);
registerUserCommand(program);
registerStationCommand(program);
registerSimulateCommand(program);
registerListenCommand(program);
registerConvertCommand(program);
registerValidateCommand(program);
registerBurstsCommands(program);
registerXmppCommand(program);

await runProgram(program, process.argv);
