import { Type } from 'typebox';

// The HTTP schemas every service shares live in the kit.
export { ProblemSchema, problems, problemWith, problemsWith, kitProblem, Nullable, inline } from '@svom/service-kit';

export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const DateTime = Type.String({ format: 'date-time' });
