/**
 * The logging surface this library needs: a subset of pino's, so a service passes its pino
 * logger (or a child) as is and tests pass nothing.
 */
export interface VtpLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const noop = (): void => {};

/** Logger that discards everything: the default. */
export const silentLogger: VtpLogger = { debug: noop, info: noop, warn: noop };
