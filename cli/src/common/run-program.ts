import { CommanderError, type Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Makes and runs the program, and turns every ending into a documented exit code: commander's own usage
 * errors give 2 (its help and version exits stay 0), a {@link CliError} its own code with its
 * message alone, anything else 1 with the stack (a bug to report).
 */
export async function runProgram(makeProgram: () => Command, argv: string[]): Promise<void> {
  // A reader that stops early (`svom --help | head`, `svom listen | head -1`) closes the pipe:
  // that is the end of the run, as for any Unix tool, not a crash with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? EXIT.OK);
  });
  try {
    // Made inside the try: making it reads the profile file, which may be wrong.
    const program = makeProgram();
    applyExitOverride(program);
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`svom: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(
      `svom: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.INVALID;
  }
}

// exitOverride is per command and not inherited by subcommands made before the call.
function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}
