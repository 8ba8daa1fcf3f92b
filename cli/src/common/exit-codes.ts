/**
 * Exit codes scripts can trust (documented in `svom --help` and docs/cli.md). Every command
 * ends through these: a thrown {@link CliError} carries its code, anything else is a bug (1).
 */
export const EXIT = {
  OK: 0,
  /** Invalid input, a failed validation, a request the service refused. */
  INVALID: 1,
  /** Bad usage: unknown option, missing argument, a value out of range. */
  USAGE: 2,
  /** The service (or broker) did not answer. */
  UNREACHABLE: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: its message is printed as is, and the process exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.INVALID,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.USAGE);

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  invalid input, failed validation, or a request the service refused
  2  usage error (unknown option, missing or malformed argument)
  3  a service or broker did not answer (not running, wrong URL, TLS not trusted)`;
