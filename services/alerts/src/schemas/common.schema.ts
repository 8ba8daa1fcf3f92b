import { Type } from 'typebox';

/** problem+json, as every error of the FSC is answered. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(), title: Type.String(), status: Type.Integer(), code: Type.String(), detail: Type.String(),
    field: Type.Optional(Type.String()), instance: Type.Optional(Type.String()), requestId: Type.Optional(Type.String()),
  },
  { description: 'application/problem+json (RFC 9457)' },
);

export const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));

/** Opaque keyset cursors: base64url of the sort key of the last row of a page. */
export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): Array<string | number> | undefined {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parts) && parts.every((p) => typeof p === 'string' || typeof p === 'number') ? parts : undefined;
  } catch {
    return undefined;
  }
}

export const IsoTime = Type.String({ format: 'date-time' });
