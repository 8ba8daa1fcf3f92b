import { createError } from '@svom/service-kit';

/** The XMPP gateway's errors, with stable codes (problem+json `code`). */
export const XmppGatewayErrors = {
  XmppAway: createError('XMPP_GATEWAY_XMPP_AWAY', 'the XMPP server is not connected (%s); retry later', 503),
  BadJid: createError('XMPP_GATEWAY_BAD_JID', '%s is not a bare JID (user@domain)', 400),
};
