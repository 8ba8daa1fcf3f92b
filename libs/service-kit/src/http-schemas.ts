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
  },
  { description: 'application/problem+json (RFC 9457)' },
);

/** Route `response` entries documenting problem answers: `{ ...problems(400, 404) }`. */
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

/** The sort key of a cursor made by {@link encodeCursor}, or undefined for anything else. */
export function decodeCursor(cursor: string): Array<string | number> | undefined {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parts) && parts.every((p) => typeof p === 'string' || typeof p === 'number')
      ? parts
      : undefined;
  } catch {
    return undefined;
  }
}
