import { Type, type TSchema } from 'typebox';

/** problem+json (RFC 9457), as every error of the FSC is answered: the schema routes document. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'stable error code, e.g. FSC_VALIDATION' }),
    detail: Type.String(),
    field: Type.Optional(Type.String({ description: 'the failing field as a JSON pointer into the request' })),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'every failing field, when the input broke several rules',
      }),
    ),
  },
  {
    title: 'Problem',
    description: 'application/problem+json (RFC 9457)',
  },
);

/** Route `response` entries documenting problem answers: `{ ...problems(400, 401) }`. */
export const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A contract schema without its `$id`: inline copies in route schemas must not repeat it. */
export function inline<T extends TSchema>(schema: T): T {
  const { $id: _id, ...rest } = schema as T & { $id?: string };
  return rest as T;
}

/** Opaque keyset cursors: base64url of the sort key of the last row of a page. */
export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** What each part of a cursor must be: an ISO timestamp, any string, or a whole number. */
export type CursorPart = 'timestamp' | 'string' | 'integer';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The sort key of a cursor made by {@link encodeCursor}, or undefined for anything else. With
 * `shape`, the key must have exactly those parts, each of its kind: a cursor is client input,
 * and a part that reached SQL as a bad timestamp was a 500 (issue 16), now the caller's 400.
 */
export function decodeCursor(cursor: string): Array<string | number> | undefined;
export function decodeCursor<S extends readonly CursorPart[]>(
  cursor: string,
  shape: S,
): { [K in keyof S]: S[K] extends 'integer' ? number : string } | undefined;
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
