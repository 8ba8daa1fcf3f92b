import { Type } from 'typebox';

// The HTTP schemas every service shares live in the kit.
export { ProblemSchema, problems, problemWith, problemsWith, kitProblem } from '@svom/service-kit';

export const IsoTime = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
