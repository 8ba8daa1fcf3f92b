import { streamName } from './streams.js';

/**
 * What an outside subscriber of the PUBLIC NATS account uses (deploy/nats/accounts.conf,
 * docs/subscribe.md): the JetStream API prefix its account imports the NOTICES stream's API under,
 * and that stream's name. The services' own account keeps the plain `$JS.API`.
 */
export const PUBLIC_JS_API_PREFIX = 'fsc.js.API';

/** The stream a subscriber replays: the JSON notices, sourced from ALERTS. */
export const PUBLIC_NOTICE_STREAM = streamName('NOTICES');
