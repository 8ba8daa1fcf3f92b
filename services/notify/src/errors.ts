import { createError } from '@svom/service-kit';

/** The notify service's errors, with stable codes (problem+json `code`). */
export const NotifyErrors = {
  UnknownSubscription: createError('NOTIFY_UNKNOWN_SUBSCRIPTION', 'no subscription %s', 404),
  ForeignSubscription: createError('NOTIFY_FOREIGN_SUBSCRIPTION', 'subscription %s belongs to someone else', 403),
  BadChannel: createError('NOTIFY_BAD_CHANNEL', '%s', 400),
  BadFilter: createError('NOTIFY_BAD_FILTER', '%s', 400),
  AlarmsForOperators: createError(
    'NOTIFY_ALARMS_FOR_OPERATORS',
    'only a person with the operator role may subscribe to operator alarms',
    403,
  ),
  NotConfirmed: createError(
    'NOTIFY_NOT_CONFIRMED',
    'subscription %s waits for its address to be confirmed (the link in the confirmation email)',
    409,
  ),
  WebhookTargetRefused: createError(
    'NOTIFY_WEBHOOK_TARGET_REFUSED',
    'this webhook target is refused: %s (only public addresses, unless WEBHOOK_ALLOW_PRIVATE or WEBHOOK_ALLOWED_CIDRS)',
    422,
  ),
  BadToken: createError('NOTIFY_BAD_TOKEN', 'this link is not valid for subscription %s', 403),
};

/** Attaches the failing field (a JSON pointer into the request) that problem+json reports. */
export function withField<E extends Error>(error: E, field: string): E {
  return Object.assign(error, { field });
}
