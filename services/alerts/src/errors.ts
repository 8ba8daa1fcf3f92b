import { createError } from '@svom/service-kit';

/** The alerts service's errors, with stable codes (problem+json `code`). */
export const AlertsErrors = {
  UnknownBurst: createError('ALERTS_UNKNOWN_BURST', 'no burst %s', 404),
  UnknownNotice: createError('ALERTS_UNKNOWN_NOTICE', 'no notice %s', 404),
  BadCursor: createError('ALERTS_BAD_CURSOR', 'this cursor was not made by this API', 400),
  AlreadyRetracted: createError('ALERTS_ALREADY_RETRACTED', 'burst %s was retracted at %s', 409),
  NothingToRetract: createError(
    'ALERTS_NOTHING_TO_RETRACT',
    'burst %s has no GRM, ECLAIRs or MXT notice to retract',
    409,
  ),
  UnknownSchema: createError('ALERTS_UNKNOWN_SCHEMA', 'no schema at %s', 404),
  NotAcceptable: createError(
    'ALERTS_NOT_ACCEPTABLE',
    'a notice is served as application/json or application/xml, not %s',
    406,
  ),
};
