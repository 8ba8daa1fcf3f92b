/** Stable codes of {@link VoEventError}. */
export type VoEventErrorCode =
  /** The text is not well-formed XML. */
  | 'NOT_XML'
  /** Well-formed XML whose root is not a VOEvent. */
  | 'NOT_VOEVENT'
  /** A VOEvent of another version than 2.0. */
  | 'UNSUPPORTED_VERSION'
  /** A field the model needs is absent. */
  | 'MISSING_FIELD'
  /** A field holds a value outside its type (a number that is not one, an unknown role...). */
  | 'BAD_VALUE'
  /** A JSON document that is not the JSON form of a VOEvent. */
  | 'BAD_JSON'
  /** A SvomNotice that cannot make a notice (inconsistent name and packet type...). */
  | 'BAD_NOTICE';

/** Where an error was found, when it is known. */
export interface VoEventErrorLocation {
  /** 1-based line in the XML text. */
  line?: number;
  /** 1-based column in the XML text. */
  column?: number;
  /** Path of the element or attribute, e.g. `WhereWhen/.../C1` or `/what/params/0`. */
  field?: string;
  cause?: unknown;
}

/** Error thrown by the reader, the JSON form and the SVOM notice builder. */
export class VoEventError extends Error {
  override readonly name = 'VoEventError';
  readonly code: VoEventErrorCode;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly field: string | undefined;

  constructor(code: VoEventErrorCode, message: string, where: VoEventErrorLocation = {}) {
    const at = [
      where.line !== undefined ? `line ${where.line}` : undefined,
      where.field !== undefined ? `at ${where.field}` : undefined,
    ].filter((part) => part !== undefined);
    super(at.length > 0 ? `${message} (${at.join(', ')})` : message, { cause: where.cause });
    this.code = code;
    this.line = where.line;
    this.column = where.column;
    this.field = where.field;
  }
}
