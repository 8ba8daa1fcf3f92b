import type { Kysely } from 'kysely';
import { enqueueDelivery } from '../db/delivery.repository.js';
import { type StoredSubscription, updateSubscription } from '../db/subscription.repository.js';
import type { NotifyTables } from '../db/tables.js';
import { Value } from 'typebox/value';
import {
  type Channel,
  type Site,
  type SubscriptionChange,
  type SubscriptionFilter,
  SiteSchema,
} from '../schemas/subscription.schema.js';
import { checkSubscriptionRequest } from './subscription-request.js';

/** A subscription as a change leaves it, checked as a new request would be. */
export interface ChangedSubscription {
  name: string;
  filter: SubscriptionFilter;
  site: Site | null;
  channel: Channel;
  ownerEmail: string | null;
  webhookSecret: string | undefined;
  /** The email address is new: it must be confirmed before anything is sent to it. */
  addressChanged: boolean;
  /** The webhook URL is new: past failures were another target's. */
  urlChanged: boolean;
}

/**
 * Lays a change over what is stored and checks the result with the rules of a new subscription
 * (the same errors, the same fields), against the owner's role, not the caller's: an operator
 * editing a scientist's subscription does not give it operator alarms.
 */
export function applyChange(found: StoredSubscription, change: SubscriptionChange): ChangedSubscription {
  const stored = found.channel;
  // A site given here has had no defaults filled in (subscription.schema.ts): as a new one would.
  const site: Site | null =
    change.site === undefined ? found.site : change.site && (Value.Default(SiteSchema, change.site) as Site);
  const email = stored.type === 'email';
  const name = change.name ?? found.name;
  const checked = checkSubscriptionRequest(
    {
      name,
      filter: change.filter ?? found.filter,
      ...(site ? { site } : {}),
      channel: {
        ...(email ? { address: stored.address } : { url: stored.url, format: stored.format }),
        ...change.channel,
        type: stored.type,
      },
    },
    found.ownerIsOperator,
  );
  const ownerEmail = email
    ? checked.channel.address!
    : change.ownerEmail === undefined
      ? found.ownerEmail
      : change.ownerEmail;
  return {
    name,
    filter: checked.filter,
    site,
    channel: checked.channel,
    ownerEmail,
    webhookSecret: change.channel?.secret,
    addressChanged: email && checked.channel.address !== stored.address,
    urlChanged: !email && checked.channel.url !== stored.url,
  };
}

/**
 * Writes a change; a new email address goes back to waiting for its confirmation, whose mail is
 * queued in the same transaction. Answers the subscription as it is now (undefined: deleted
 * meanwhile).
 */
export function saveChange(
  db: Kysely<NotifyTables>,
  id: string,
  next: ChangedSubscription,
): Promise<StoredSubscription | undefined> {
  return db.transaction().execute(async (tx) => {
    const row = await updateSubscription(tx, id, {
      ...next,
      status: next.addressChanged ? 'pending-confirmation' : undefined,
      clearFailing: next.urlChanged,
    });
    if (row && next.addressChanged)
      await enqueueDelivery(tx, {
        subscriptionId: id,
        eventKey: `confirm:${row.updatedAt}`,
        kind: 'confirmation',
        content: {},
      });
    return row;
  });
}
