// The HTTP schemas every service shares live in the kit; this file names what the ingest uses.
export {
  ProblemSchema,
  problems,
  problemWith,
  problemsWith,
  kitProblem,
  encodeCursor,
  decodeCursor,
} from '@svom/service-kit';
