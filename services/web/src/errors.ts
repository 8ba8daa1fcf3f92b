import { createError } from '@svom/service-kit';

/** The web service's errors, with stable codes (problem+json `code`). */
export const WebErrors = {
  UnknownUpstream: createError(
    'WEB_UNKNOWN_UPSTREAM',
    'no service named %s behind /api (alerts, ingest, followup, scheduler, notify)',
    404,
  ),
  UpstreamDown: createError('WEB_UPSTREAM_DOWN', 'the %s service did not answer (%s)', 502),
  UpstreamTimeout: createError('WEB_UPSTREAM_TIMEOUT', 'the %s service did not answer in %s ms', 504),
};
