import { Type } from 'typebox';

/** problem+json, as every error of the FSC is answered. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    field: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
  },
  { description: 'application/problem+json (RFC 9457)' },
);

export const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));

export const IsoTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
