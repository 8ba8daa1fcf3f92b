import { Type } from 'typebox';

// The HTTP schemas every service shares live in the kit.
export {
  ProblemSchema,
  problems,
  problemWith,
  problemsWith,
  cursorKey,
  cursorProblems,
  nextCursor,
} from '@svom/service-kit';

export const IsoTime = Type.String({ format: 'date-time' });
