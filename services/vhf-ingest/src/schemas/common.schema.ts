// The HTTP schemas every service shares live in the kit; this file names what the ingest uses.
export {
  ProblemSchema,
  problems,
  problemWith,
  problemsWith,
  kitProblem,
  cursorKey,
  cursorProblems,
  nextCursor,
} from '@svom/service-kit';
