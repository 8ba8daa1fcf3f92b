import { kitProblem, type OwnProblem, problemsWith, problemWith } from '@svom/service-kit';

/**
 * The notify service's own problems as the documents show them (errors.ts has the codes): one
 * definition each, for the routes that answer them.
 */
export const unknownSubscription = problemWith(
  404,
  'NOTIFY_UNKNOWN_SUBSCRIPTION',
  'no subscription sub_9nUWteBLKX4lhXJf',
);

/** A person reaches only their own subscriptions (an operator all), beside the kit's role check. */
export const foreignSubscriptionProblem: OwnProblem = {
  code: 'NOTIFY_FOREIGN_SUBSCRIPTION',
  detail: 'subscription sub_9nUWteBLKX4lhXJe belongs to someone else',
};
export const foreignSubscription = problemsWith(403, kitProblem(403), foreignSubscriptionProblem);

/** A webhook URL outside what the service may send to (delivery/webhook-target.ts). */
export const webhookTargetRefused = problemWith(
  422,
  'NOTIFY_WEBHOOK_TARGET_REFUSED',
  'this webhook target is refused: 169.254.169.254 is link-local (cloud metadata), 169.254.0.0/16: not a public address (only public addresses, unless WEBHOOK_ALLOW_PRIVATE or WEBHOOK_ALLOWED_CIDRS)',
  { field: '/body/channel/url' },
);

/** A link (confirm, unsubscribe) whose token was not made for this subscription and purpose. */
export const badLinkToken = problemWith(
  403,
  'NOTIFY_BAD_TOKEN',
  'this link is not valid for subscription sub_9nUWteBLKX4lhXJe',
);

/** What a subscription request can break beyond its schema (subscription-request.ts). */
export const badRequest: OwnProblem[] = [
  kitProblem(400),
  { code: 'NOTIFY_BAD_CHANNEL', detail: 'a webhook channel needs a url', field: '/body/channel/url' },
  {
    code: 'NOTIFY_BAD_FILTER',
    detail: 'observableWithinHours needs a site to compute windows from',
    field: '/body/filter/observableWithinHours',
  },
];
export const alarmsForOperators: OwnProblem = {
  code: 'NOTIFY_ALARMS_FOR_OPERATORS',
  detail: 'only a person with the operator role may subscribe to operator alarms',
  field: '/body/filter/alarms',
};
