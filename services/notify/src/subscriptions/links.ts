import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Subscription } from '../schemas/subscription.schema.js';

/**
 * The tokens of the links in emails (confirm an address, unsubscribe in one click): an HMAC under
 * the service's key, so nothing is stored and a link cannot be forged for another subscription.
 * A confirmation signs the address too: the owner may change it (PATCH), and the link mailed to
 * the old address must not confirm the new one.
 */
export type LinkPurpose = 'confirm' | 'unsubscribe';

/** What a link is about: the subscription, with its address for a confirmation. */
export type LinkSubject = Pick<Subscription, 'id' | 'channel'>;

const signed = (purpose: LinkPurpose, s: LinkSubject) =>
  purpose === 'confirm' ? `confirm:${s.id}:${s.channel.address ?? ''}` : `unsubscribe:${s.id}`;

export function linkToken(key: string, purpose: LinkPurpose, subject: LinkSubject): string {
  return createHmac('sha256', key).update(signed(purpose, subject)).digest('base64url');
}

export function checkLinkToken(key: string, purpose: LinkPurpose, subject: LinkSubject, token: string): boolean {
  const expected = Buffer.from(linkToken(key, purpose, subject));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function linkUrl(publicUrl: string, key: string, purpose: LinkPurpose, subject: LinkSubject): string {
  const base = publicUrl.replace(/\/+$/, '');
  const path = purpose === 'confirm' ? 'confirm' : 'unsubscribe';
  return `${base}/v1/subscriptions/${subject.id}/${path}?token=${linkToken(key, purpose, subject)}`;
}
