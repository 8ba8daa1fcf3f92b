import {
  readVoEventXml,
  svomNoticeFromVoEvent,
  svomNoticeToJson,
  voEventToJson,
  writeVoEventXml,
  jsonToVoEvent,
  VOEVENT_JSON_SCHEMA_ID,
  VoEventError,
} from '@svom/voevent';
import { CliError, EXIT } from '../common/exit-codes.js';
import { lineColumnOf, lineOfPointer } from './json-locator.js';
import { jsonSyntaxError } from './json-syntax.js';

export type DocumentKind = 'xml' | 'json';

/** XML or JSON, by the first character that is not blank (file names lie more often). */
export function kindOf(text: string): DocumentKind | undefined {
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '<' ? 'xml' : first === '{' || first === '[' ? 'json' : undefined;
}

/** JSON form of a VOEvent: the lossless form of any VOEvent, or the GCN-style notice of an FSC one. */
export type JsonForm = 'voevent' | 'notice';

export interface Converted {
  text: string;
  kind: DocumentKind;
}

/**
 * VOEvent XML → JSON, and the VOEvent JSON form → XML. GCN-style notice JSON has no way back
 * to XML here (it drops what the VOEvent carries), so it is refused with a clear message.
 * @throws {CliError} exit 1 with the line (XML) or the field (JSON) at fault
 */
export function convertDocument(text: string, options: { form?: JsonForm; source?: string } = {}): Converted {
  const source = options.source ?? 'input';
  const kind = kindOf(text);
  if (kind === 'xml') {
    const event = wrap(source, () => readVoEventXml(text));
    const json =
      options.form === 'notice'
        ? wrap(source, () => svomNoticeToJson(svomNoticeFromVoEvent(event)))
        : voEventToJson(event);
    return { text: `${JSON.stringify(json, null, 2)}\n`, kind: 'json' };
  }
  if (kind === 'json') {
    const json = parseJson(text, source);
    if ((json as { $schema?: unknown })?.$schema !== VOEVENT_JSON_SCHEMA_ID) {
      throw new CliError(
        `${source}: only the VOEvent JSON form ($schema ${VOEVENT_JSON_SCHEMA_ID}) converts back to XML; this is ${describeSchema(json)}`,
        EXIT.INVALID,
      );
    }
    const event = wrap(source, () => jsonToVoEvent(json), text);
    return { text: writeVoEventXml(event), kind: 'xml' };
  }
  throw new CliError(`${source}: neither XML nor JSON`, EXIT.INVALID);
}

/** JSON.parse, with the line and column of a syntax error. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const syntax = jsonSyntaxError(text);
    const where = syntax ? lineColumnOf(text, syntax.offset) : undefined;
    const why = syntax?.message ?? (error instanceof Error ? error.message : String(error));
    throw new CliError(
      `${source}${where ? `:${where.line}:${where.column}` : ''}: not valid JSON: ${why}`,
      EXIT.INVALID,
      { cause: error },
    );
  }
}

function describeSchema(json: unknown): string {
  const schema = (json as { $schema?: unknown })?.$schema;
  return typeof schema === 'string' ? `a ${schema.split('/').slice(-2).join('/')} notice` : 'JSON without a $schema';
}

function wrap<T>(source: string, run: () => T, jsonText?: string): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof VoEventError)) throw error;
    const line =
      error.line ??
      (jsonText && error.field ? lineOfPointer(jsonText, error.field === '/' ? '' : error.field) : undefined);
    const where = line ? `:${line}${error.column ? `:${error.column}` : ''}` : '';
    const field = error.field ? ` (${error.field})` : '';
    throw new CliError(`${source}${where}: ${error.message}${field}`, EXIT.INVALID, { cause: error });
  }
}
