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
