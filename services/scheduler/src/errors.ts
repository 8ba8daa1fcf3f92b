import { createError } from '@svom/service-kit';

/** The scheduler's errors, with stable codes (problem+json `code`). */
export const SchedulerErrors = {
  Invalid: createError('GP_INVALID', '%s', 400),
  BadTle: createError('GP_BAD_TLE', '%s', 400),
  UnknownRequest: createError('GP_UNKNOWN_REQUEST', 'no request %s', 404),
  UnknownPlan: createError('GP_UNKNOWN_PLAN', 'no plan %s', 404),
  RequestDecided: createError('GP_REQUEST_DECIDED', 'request %s is already %s', 409),
  // Thrown by the interruption, never answered over HTTP: the notice is retried from the plan now active.
  PlanChanged: createError('GP_PLAN_CHANGED', 'plan %s stopped being active while it was replanned', 409),
};

/** A 400 naming the failing field (a JSON pointer into the request), as schema validation does. */
export function invalid(field: string, message: string): Error {
  return Object.assign(new SchedulerErrors.Invalid(`${field} ${message}`), { field });
}
