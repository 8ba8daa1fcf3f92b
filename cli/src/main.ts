#!/usr/bin/env node
// The `svom` command in the repository: every user command, and `svom start` for the whole FSC.
import { runProgram } from './common/run-program.js';
import { registerStartCommand } from './launcher/start.command.js';
import { createProgram } from './program.js';

await runProgram(() => {
  const program = createProgram();
  registerStartCommand(program);
  return program;
}, process.argv);
