#!/usr/bin/env node
// The `svom` command as the standalone package installs it (`npm run pack:cli`): the user
// commands, without `svom start`, which runs the services and so lives in the repository.
import { runProgram } from './common/run-program.js';
import { createProgram } from './program.js';

await runProgram(createProgram, process.argv);
