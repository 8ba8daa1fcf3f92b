import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { NotifyTables } from './tables.js';
import type { Channel, Site, Subscription, SubscriptionFilter } from '../schemas/subscription.schema.js';

type Row = Selectable<NotifyTables['notify.subscriptions']>;

/** A subscription with what delivery needs and the API never shows (the webhook secret). */
export interface StoredSubscription extends Subscription {
  ownerIsOperator: boolean;
  webhookSecret: string | null;
}

function toSubscription(row: Row): StoredSubscription {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    ownerIsOperator: row.owner_is_operator,
    status: row.status,
    pausedReason: row.paused_reason,
    filter: row.filter as SubscriptionFilter,
    site: (row.site as Site | null) ?? null,
    channel: row.channel as Channel,
    ownerEmail: row.owner_email,
    failingSince: row.failing_since ? row.failing_since.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    webhookSecret: row.webhook_secret,
  };
}

/** What the API shows of a subscription (never its secret). */
export function publicView(s: StoredSubscription): Subscription {
  const { ownerIsOperator: _o, webhookSecret: _w, ...rest } = s;
  return rest;
}

export const newSubscriptionId = () => `sub_${randomBytes(12).toString('base64url')}`;

export async function insertSubscription(
  db: Kysely<NotifyTables>,
  s: {
    id: string;
    owner: string;
    ownerIsOperator: boolean;
    name: string;
    filter: SubscriptionFilter;
    site: Site | null;
    channel: Channel;
    webhookSecret: string | null;
    ownerEmail: string | null;
    status: Subscription['status'];
  },
): Promise<StoredSubscription> {
  const row = await db
    .insertInto('notify.subscriptions')
    .values({
      id: s.id,
      owner: s.owner,
      owner_is_operator: s.ownerIsOperator,
      name: s.name,
      filter: JSON.stringify(s.filter),
      site: s.site ? JSON.stringify(s.site) : null,
      channel_type: s.channel.type,
      channel: JSON.stringify(s.channel),
      webhook_secret: s.webhookSecret,
      owner_email: s.ownerEmail,
      status: s.status,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSubscription(row);
}

export async function getSubscription(db: Kysely<NotifyTables>, id: string): Promise<StoredSubscription | undefined> {
  const row = await db.selectFrom('notify.subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSubscription(row);
}

export async function listSubscriptions(
  db: Kysely<NotifyTables>,
  options: { owner?: string | undefined; status?: Subscription['status'] } = {},
): Promise<StoredSubscription[]> {
  let q = db.selectFrom('notify.subscriptions').selectAll().orderBy('created_at').orderBy('id');
  if (options.owner !== undefined) q = q.where('owner', '=', options.owner);
  if (options.status !== undefined) q = q.where('status', '=', options.status);
  return (await q.execute()).map(toSubscription);
}

/** Writes what a change gives (PATCH), answers the subscription as it is now. */
export async function updateSubscription(
  db: Kysely<NotifyTables>,
  id: string,
  s: {
    name: string;
    filter: SubscriptionFilter;
    site: Site | null;
    channel: Channel;
    ownerEmail: string | null;
    /** A new webhook secret, or undefined to keep it. */
    webhookSecret?: string | undefined;
    /** A new status (an email address to confirm again), or undefined to keep it. */
    status?: Subscription['status'] | undefined;
    /** Forget past failures: the target changed. */
    clearFailing: boolean;
  },
): Promise<StoredSubscription | undefined> {
  const row = await db
    .updateTable('notify.subscriptions')
    .set({
      name: s.name,
      filter: JSON.stringify(s.filter),
      site: s.site ? JSON.stringify(s.site) : null,
      channel: JSON.stringify(s.channel),
      owner_email: s.ownerEmail,
      updated_at: new Date(),
      ...(s.webhookSecret !== undefined ? { webhook_secret: s.webhookSecret } : {}),
      ...(s.status !== undefined ? { status: s.status, paused_reason: null } : {}),
      ...(s.clearFailing ? { failing_since: null } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toSubscription(row);
}

export async function setStatus(
  db: Kysely<NotifyTables>,
  id: string,
  status: Subscription['status'],
  pausedReason: string | null = null,
  onlyFrom?: Subscription['status'][],
): Promise<StoredSubscription | undefined> {
  let q = db
    .updateTable('notify.subscriptions')
    .set({
      status,
      paused_reason: pausedReason,
      updated_at: new Date(),
      ...(status === 'active' ? { failing_since: null } : {}),
    })
    .where('id', '=', id);
  if (onlyFrom) q = q.where('status', 'in', onlyFrom);
  const row = await q.returningAll().executeTakeFirst();
  return row && toSubscription(row);
}

/**
 * Notes that a subscription's deliveries fail since `since`, unless that was noted before;
 * answers the time written, undefined when it was already noted.
 */
export async function markFailing(db: Kysely<NotifyTables>, id: string, since: Date): Promise<Date | undefined> {
  const row = await db
    .updateTable('notify.subscriptions')
    .set({ failing_since: since })
    .where('id', '=', id)
    .where('failing_since', 'is', null)
    .returning('failing_since')
    .executeTakeFirst();
  return row?.failing_since ?? undefined;
}

/** A delivery succeeded: the subscription is no longer failing. */
export async function clearFailing(db: Kysely<NotifyTables>, id: string): Promise<void> {
  await db.updateTable('notify.subscriptions').set({ failing_since: null }).where('id', '=', id).execute();
}

export async function deleteSubscription(db: Kysely<NotifyTables>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('notify.subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
