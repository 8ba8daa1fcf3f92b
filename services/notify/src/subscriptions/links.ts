import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The tokens of the links in emails (confirm an address, unsubscribe in one click): an HMAC of
 * the subscription id under the service's key, so nothing is stored and a link cannot be forged
 * for another subscription.
 */
export type LinkPurpose = 'confirm' | 'unsubscribe';

export function linkToken(key: string, purpose: LinkPurpose, subscriptionId: string): string {
  return createHmac('sha256', key).update(`${purpose}:${subscriptionId}`).digest('base64url');
}

export function checkLinkToken(key: string, purpose: LinkPurpose, subscriptionId: string, token: string): boolean {
  const expected = Buffer.from(linkToken(key, purpose, subscriptionId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function linkUrl(publicUrl: string, key: string, purpose: LinkPurpose, subscriptionId: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  const path = purpose === 'confirm' ? 'confirm' : 'unsubscribe';
  return `${base}/v1/subscriptions/${subscriptionId}/${path}?token=${linkToken(key, purpose, subscriptionId)}`;
}
