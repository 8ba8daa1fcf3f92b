import { validateNoticeJson, validateVoEventXml } from '@svom/voevent';
import { CliError } from '../common/exit-codes.js';
import { kindOf, parseJson } from './document.js';
import { lineOfPointer } from './json-locator.js';

export interface ValidationProblem {
  line?: number | undefined;
  column?: number | undefined;
  /** JSON Pointer of the field at fault (JSON documents). */
  field?: string | undefined;
  message: string;
}

export interface DocumentValidation {
  kind: 'xml' | 'json' | 'unknown';
  /** What it was checked against. */
  against: string;
  problems: ValidationProblem[];
}

/**
 * XML against the VOEvent 2.0 XSD; JSON against the schema its `$schema` names (GCN's, ours, or
 * the VOEvent JSON form). Every problem says where: a line always, and the field for JSON.
 */
export function validateDocument(text: string, source = 'input'): DocumentValidation {
  const kind = kindOf(text);
  if (kind === 'xml') {
    const result = validateVoEventXml(text);
    return {
      kind,
      against: 'VOEvent 2.0 XSD',
      problems: result.valid
        ? []
        : result.errors.map((e) => ({ line: e.line || undefined, message: e.message.trim() })),
    };
  }
  if (kind === 'json') {
    let json: unknown;
    try {
      json = parseJson(text, source);
    } catch (error) {
      const message = error instanceof CliError ? error.message : String(error);
      const where = /:(\d+):(\d+): /.exec(message);
      return {
        kind,
        against: 'JSON syntax',
        problems: [
          {
            line: where ? Number(where[1]) : undefined,
            column: where ? Number(where[2]) : undefined,
            message: message.replace(/^.*?: not valid JSON: /, 'not valid JSON: '),
          },
        ],
      };
    }
    const schema = (json as { $schema?: unknown })?.$schema;
    const result = validateNoticeJson(json);
    return {
      kind,
      against: typeof schema === 'string' ? schema : 'a notice schema ($schema missing)',
      problems: result.errors.map((e) => ({
        line: lineOfPointer(text, e.path) ?? lineOfPointer(text, parentOf(e.path)),
        field: e.path || '/',
        message: e.message,
      })),
    };
  }
  return { kind: 'unknown', against: 'nothing', problems: [{ line: 1, message: 'neither XML nor JSON' }] };
}

/** The closest existing field: a missing property is reported at the object that lacks it. */
function parentOf(pointer: string): string {
  return pointer.split('/').slice(0, -1).join('/');
}
