import { kitProblem, problemsWith } from './openapi-route.js';

/** Where a page's cursor is in the request: the pointer both the problem and its document name. */
const CURSOR_FIELD = '/querystring/cursor';

/** Opaque keyset cursors: base64url of the sort key of the last row of a page. */
export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** What each part of a cursor must be: an ISO timestamp, any string, or a whole number. */
export type CursorPart = 'timestamp' | 'string' | 'integer';

/** The sort key a cursor of `shape` decodes to: a number for an integer part, a string otherwise. */
export type CursorKey<S extends readonly CursorPart[]> = { [K in keyof S]: S[K] extends 'integer' ? number : string };

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The sort key of a cursor made by {@link encodeCursor}, or undefined for anything else. With
 * `shape`, the key must have exactly those parts, each of its kind: a cursor is client input,
 * and a part that reached SQL as a bad timestamp was a 500 (issue 16), now the caller's 400.
 */
export function decodeCursor(cursor: string): Array<string | number> | undefined;
export function decodeCursor<S extends readonly CursorPart[]>(cursor: string, shape: S): CursorKey<S> | undefined;
export function decodeCursor(cursor: string, shape?: readonly CursorPart[]): Array<string | number> | undefined {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string' || typeof p === 'number')) return undefined;
  if (!shape) return parts;
  if (parts.length !== shape.length) return undefined;
  const fits = shape.every((kind, i) => {
    const part = parts[i];
    if (kind === 'integer') return Number.isSafeInteger(part);
    if (typeof part !== 'string' || part.length > 200) return false;
    return kind === 'string' || (ISO_TIMESTAMP.test(part) && !Number.isNaN(Date.parse(part)));
  });
  return fits ? parts : undefined;
}

/**
 * The sort key a page starts after: none without a cursor (the first page), else the cursor's
 * key of `shape`. A cursor this API did not make is the service's own 400 (`BadCursor`, e.g.
 * `AlertsErrors.BadCursor`), naming the cursor as the failing field.
 */
export function cursorKey<S extends readonly CursorPart[]>(
  cursor: string | undefined,
  shape: S,
  BadCursor: new () => Error,
): CursorKey<S> | undefined {
  if (!cursor) return undefined;
  const key = decodeCursor(cursor, shape);
  if (!key) throw Object.assign(new BadCursor(), { field: CURSOR_FIELD });
  return key;
}

/**
 * The cursor of the page after `rows`: the sort key of its last row, or null when the page is
 * shorter than `limit` (there is nothing after it).
 */
export function nextCursor<T>(
  rows: readonly T[],
  limit: number,
  sortKey: (last: T) => Array<string | number>,
): string | null {
  const last = rows.at(-1);
  return rows.length === limit && last !== undefined ? encodeCursor(sortKey(last)) : null;
}

/**
 * The 400 answers of a paginated route, for its `response`: the kit's validation problem and the
 * service's own `code` for a cursor it did not make (what {@link cursorKey} throws).
 */
export function cursorProblems(code: string): Record<number, unknown> {
  return problemsWith(400, kitProblem(400), {
    code,
    detail: 'this cursor was not made by this API',
    field: CURSOR_FIELD,
  });
}
