import { matchesFilter } from '@svom/voevent';
import type { Notice } from '../notices/notice.js';
import type { SubscriptionFilter } from '../schemas/subscription.schema.js';
import type { StoredSubscription } from '../db/subscription.repository.js';
import { siteVisibility, type Visibility } from '../visibility/site-visibility.js';

/** What a subscription received of a burst so far (deliveries of kind notice). */
export interface BurstHistory {
  /** A message of this burst waits to go out: a new notice joins it. */
  pendingDueAt?: Date | undefined;
  /** When the last message of this burst went (was due). */
  lastSentDueAt?: Date | undefined;
}

/** One row of notify.deliveries to write for a notice. */
export interface PlannedDelivery {
  subscriptionId: string;
  eventKey: string;
  burstId: string;
  retraction: boolean;
  content: NoticeContent;
  dueAt: Date;
}

/** What a notice delivery carries: the notice as on NATS and what the subscriber's site sees of it. */
export interface NoticeContent {
  notice: Record<string, unknown>;
  name: string;
  visibility: Visibility | null;
}

export interface PlanOptions {
  /** How far ahead a site's next window is searched (24 h). */
  spanHours: number;
  /** Human channels get one message per burst per this many seconds. */
  collapseS: number;
  /** The instant visibility is computed for: now, except in tests that pin a night. */
  skyAt?: Date | undefined;
}

/** Email and Slack-format webhooks are read by people: a flood of updates is collapsed for them. */
export const isHumanChannel = (s: Pick<StoredSubscription, 'channel'>) =>
  s.channel.type === 'email' || s.channel.format === 'slack';

/**
 * Who gets a notice, with what, and when (pure). Every matching subscription gets one row keyed by
 * the notice key; `json` webhooks get it at once, human channels join a message of the burst that
 * is already waiting, or wait for `collapseS` after the last one. A retraction goes at once to
 * every subscription that heard of the burst (`includeRetractions`, default true).
 */
export function planNoticeDeliveries(
  notice: Notice,
  subscriptions: readonly StoredSubscription[],
  history: ReadonlyMap<string, BurstHistory>,
  now: Date,
  options: PlanOptions,
): PlannedDelivery[] {
  const visibilities = new Map<string, Visibility | null>();
  const position =
    !notice.retraction && notice.summary.raDeg !== undefined && notice.summary.decDeg !== undefined
      ? { raDeg: notice.summary.raDeg, decDeg: notice.summary.decDeg }
      : null;
  const visibilityFor = (s: StoredSubscription): Visibility | null => {
    if (!s.site || !position) return null;
    const key = JSON.stringify(s.site);
    if (!visibilities.has(key))
      visibilities.set(key, siteVisibility(s.site, position, options.skyAt ?? now, options.spanHours));
    return visibilities.get(key)!;
  };

  const planned: PlannedDelivery[] = [];
  for (const s of subscriptions) {
    if (s.status !== 'active') continue;
    const past = history.get(s.id);
    const visibility = visibilityFor(s);
    if (!noticeMatches(s.filter, notice, visibility, past !== undefined, options.skyAt ?? now)) continue;
    planned.push({
      subscriptionId: s.id,
      eventKey: notice.key,
      burstId: notice.burstId,
      retraction: notice.retraction,
      content: { notice: notice.json, name: notice.name, visibility },
      dueAt: isHumanChannel(s) && !notice.retraction ? collapsedDue(past, now, options.collapseS) : now,
    });
  }
  return planned;
}

/**
 * The subscription's filter on a notice: drills only when asked, a retraction to whoever heard of
 * its burst, otherwise the criteria of `svom listen` (`matchesFilter`) and the site's window.
 */
export function noticeMatches(
  filter: SubscriptionFilter,
  notice: Notice,
  visibility: Visibility | null,
  heardOfBurst: boolean,
  now: Date,
): boolean {
  if (notice.test && !filter.includeTest) return false;
  if (notice.retraction) {
    if (filter.includeRetractions === false) return false;
    if (heardOfBurst) return true;
  }
  if (!matchesFilter(notice.summary, filter)) return false;
  if (filter.observableWithinHours !== undefined) {
    const start = visibility?.nextWindow?.start;
    if (!start || Date.parse(start) - now.getTime() > filter.observableWithinHours * 3_600_000) return false;
  }
  return true;
}

function collapsedDue(past: BurstHistory | undefined, now: Date, collapseS: number): Date {
  if (past?.pendingDueAt) return past.pendingDueAt;
  if (past?.lastSentDueAt) {
    const next = past.lastSentDueAt.getTime() + collapseS * 1000;
    if (next > now.getTime()) return new Date(next);
  }
  return now;
}
