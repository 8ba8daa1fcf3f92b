import { createError } from '@svom/service-kit';

/** The follow-up service's errors, with stable codes (problem+json `code`). */
export const FollowupErrors = {
  MissingToken: createError(
    'FOLLOWUP_MISSING_TOKEN',
    'a bearer token is required: a facility token, or a JWT with the role %s',
    401,
  ),
  BadToken: createError('FOLLOWUP_BAD_TOKEN', 'this facility token is not known', 401),
  FacilityOnly: createError('FOLLOWUP_FACILITY_ONLY', 'only a facility (its token) may do this', 403),
  ForeignRequest: createError('FOLLOWUP_FOREIGN_REQUEST', 'request %s belongs to facility %s, not to %s', 403),
  FacilityExists: createError(
    'FOLLOWUP_FACILITY_EXISTS',
    'facility %s is already registered; POST /v1/facilities/%s/token to issue its token',
    409,
  ),
  UnknownFacility: createError('FOLLOWUP_UNKNOWN_FACILITY', 'facility %s is not registered', 404),
  UnknownRequest: createError('FOLLOWUP_UNKNOWN_REQUEST', 'no observation request %s', 404),
  UnknownBurst: createError('FOLLOWUP_UNKNOWN_BURST', 'no notice of burst %s has reached follow-up', 404),
  RequestOfOtherBurst: createError('FOLLOWUP_REQUEST_OF_OTHER_BURST', 'request %s is for burst %s, not %s', 400),
  BadTransition: createError(
    'FOLLOWUP_BAD_TRANSITION',
    'request %s: it cannot become %s (allowed from there: %s)',
    409,
  ),
  EmptyReport: createError(
    'FOLLOWUP_EMPTY_REPORT',
    'a report needs at least one observation, candidate or redshift',
    400,
  ),
  NotDurable: createError('FOLLOWUP_NOT_DURABLE', 'could not be recorded durably (%s); nothing was stored, retry', 503),
};

/** Attaches the failing field (a JSON pointer into the request) that problem+json reports. */
export function withField<E extends Error>(error: E, field: string): E {
  return Object.assign(error, { field });
}
