#!/usr/bin/env node
// The `svom` command: run the FSC, act as its operators and stations, listen to and convert alerts.
import { Command } from 'commander';
import { registerStartCommand } from './launcher/start.command.js';

const program = new Command()
  .name('svom')
  .description('The SVOM French Science Center from the command line')
  .showHelpAfterError('(add --help for usage)');

registerStartCommand(program);

await program.parseAsync(process.argv);
