import createError from '@fastify/error';

/**
 * The kit's errors, each with a stable code clients can switch on. Services add their own in
 * their `errors.ts` with the same factory (a conflict or an unavailability is always a service's
 * own: `ALERTS_ALREADY_RETRACTED`, `VHF_NOT_DURABLE`); the error handler turns any of them into
 * problem+json.
 */
export const KitErrors = {
  Unauthorized: createError('FSC_UNAUTHORIZED', 'missing or invalid credentials: %s', 401),
  Forbidden: createError('FSC_FORBIDDEN', '%s', 403),
  NotFound: createError('FSC_NOT_FOUND', '%s not found', 404),
};

export { createError };

/** An RFC 9457 problem document as the FSC answers it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  /** The failing field as a JSON pointer into the request (`/body/receptions/3/frame`). */
  field?: string;
  instance?: string;
  requestId?: string;
  errors?: Array<{ field: string; message: string }>;
}
