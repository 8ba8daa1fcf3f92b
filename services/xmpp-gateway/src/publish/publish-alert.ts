import { isStanzaError } from '../xmpp/pubsub.js';
import type { AlertItems, Publication } from './alert-items.js';

/** Where publications go: the XMPP link in the service, a recorder in tests. */
export interface PublicationTarget {
  publish(node: string, access: Publication['access'], itemId: string, payload: Publication['payload']): Promise<void>;
}

/**
 * The gateway's handler: every publication of one ALERTS message, resolved once the XMPP server
 * confirmed each (so the consumer acknowledges only then). A publish that fails rejects: the
 * message comes back and is published again under the same item ids, which replaces, never adds.
 */
export async function publishAlert(items: AlertItems, target: PublicationTarget): Promise<void> {
  await Promise.all(items.publications.map((p) => target.publish(p.node, p.access, p.itemId, p.payload)));
}

/**
 * XMPP answers no redelivery can change: the server refuses this payload (too large, malformed).
 * Everything else (not connected, no answer, `wait`, even `forbidden` while an operator fixes the
 * gateway's rights) is retried.
 */
export function isPermanentXmppError(error: unknown): boolean {
  return (
    isStanzaError(error) &&
    (error.type === 'modify' || ['not-acceptable', 'bad-request', 'policy-violation'].includes(error.condition))
  );
}
