import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { NotifyTables } from '../db/tables.js';
import type { Mailer } from '../mail/mailer.js';
import { linkUrl } from '../subscriptions/links.js';
import {
  clearFailing,
  getSubscription,
  markFailing,
  setStatus,
  type StoredSubscription,
} from '../db/subscription.repository.js';
import { claimDue, enqueueDelivery, recordOutcome, type DeliveryRow } from '../db/delivery.repository.js';
import { isHumanChannel, type NoticeContent } from './plan-deliveries.js';
import { alarmMessage, noticeMessage, slackBody, webhookJsonBody, type HumanMessage } from './render.js';
import type { SendResult, WebhookSender } from './webhook.sender.js';
import type { AlarmContent } from '../db/alarm.repository.js';

export interface DeliverySettings {
  WEBHOOK_TIMEOUT_MS: number;
  RETRY_BASE_MS: number;
  RETRY_MAX_DELAY_MS: number;
  RETRY_FOR_S: number;
  DELIVERY_POLL_MS: number;
  DELIVERY_CONCURRENCY: number;
  PUBLIC_URL: string;
}

/** Rows claimed per sending lane and pass: a burst's rows due together are mostly claimed together. */
const BATCH_PER_LANE = 4;

/** One message to send: a delivery row, with the rows of the same burst it carries for people. */
interface Outgoing {
  primary: DeliveryRow;
  collapsed: DeliveryRow[];
  subscription: StoredSubscription;
}

/**
 * Sends what notify.deliveries holds when it is due: polls (and is poked by the consumer),
 * claims rows under a lease, sends each message once, records the outcome. A 5xx or a timeout is
 * retried with exponential backoff for RETRY_FOR_S; a 4xx is not. A subscription failing that
 * long is paused and its owner told by email.
 */
export class DeliveryWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  sent = 0;

  constructor(
    private readonly deps: {
      db: Kysely<NotifyTables>;
      mailer: Mailer;
      /** Posts webhooks where the target policy allows. */
      webhooks: WebhookSender;
      log: FastifyBaseLogger;
      /** The key of the confirm/unsubscribe links. */
      linkKey: string;
      settings: DeliverySettings;
      onOutcome?: (kind: string, outcome: string) => void;
    },
  ) {}

  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.poke(), this.deps.settings.DELIVERY_POLL_MS);
    this.poke();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Runs a pass now (or right after the running one): new deliveries were written. */
  poke(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          while (!this.#stopped && (await this.runOnce()) > 0);
        } catch (error) {
          this.deps.log.error({ err: error }, 'delivery pass failed; the next one retries');
        }
      } while (this.#again && !this.#stopped);
    })().finally(() => (this.#running = undefined));
  }

  /** Claims and sends one batch of due deliveries; returns how many rows it took. */
  async runOnce(): Promise<number> {
    const { settings } = this.deps;
    const now = new Date();
    // The lease covers the whole batch even if every send runs to its timeout: a row still
    // queued here must not be taken by another replica while this one is yet to send it.
    const limit = settings.DELIVERY_CONCURRENCY * BATCH_PER_LANE;
    const lease = (BATCH_PER_LANE + 1) * settings.WEBHOOK_TIMEOUT_MS + 1000;
    const rows = await claimDue(this.deps.db, now, lease, limit);
    if (rows.length === 0) return 0;
    const outgoing = await this.#group(rows);
    let next = 0;
    const lanes = Array.from({ length: Math.min(settings.DELIVERY_CONCURRENCY, outgoing.length) }, async () => {
      while (next < outgoing.length) await this.#deliver(outgoing[next++]!);
    });
    await Promise.all(lanes);
    return rows.length;
  }

  async #group(rows: DeliveryRow[]): Promise<Outgoing[]> {
    const subscriptions = new Map<string, StoredSubscription | undefined>();
    for (const id of new Set(rows.map((r) => r.subscription_id)))
      subscriptions.set(id, await getSubscription(this.deps.db, id));
    const out: Outgoing[] = [];
    const bursts = new Map<string, Outgoing>();
    for (const row of rows.sort((a, b) => Number(a.stream_seq ?? 0) - Number(b.stream_seq ?? 0))) {
      const subscription = subscriptions.get(row.subscription_id);
      if (!subscription) continue; // deleted meanwhile: its rows went with it
      if (row.kind === 'notice' && isHumanChannel(subscription) && !row.retraction && row.burst_id) {
        const key = `${row.subscription_id} ${row.burst_id}`;
        const group = bursts.get(key);
        // The newest notice of the burst is the message; the earlier ones ride along, named.
        if (group) {
          group.collapsed.push(group.primary);
          group.primary = row;
          continue;
        }
        const fresh = { primary: row, collapsed: [], subscription };
        bursts.set(key, fresh);
        out.push(fresh);
        continue;
      }
      out.push({ primary: row, collapsed: [], subscription });
    }
    return out;
  }

  async #deliver(o: Outgoing): Promise<void> {
    const { primary, subscription } = o;
    const now = new Date();
    const ids = { primary: Number(primary.id), collapsed: o.collapsed.map((r) => Number(r.id)) };
    const needsActive = primary.kind === 'notice' || primary.kind === 'test' || primary.kind === 'alarm';
    if (needsActive && subscription.status !== 'active') {
      await recordOutcome(
        this.deps.db,
        ids,
        { status: 'failed', httpStatus: null, error: `not sent: the subscription is ${subscription.status}` },
        now,
      );
      return;
    }
    let result: SendResult;
    try {
      result = await this.#send(o);
    } catch (error) {
      result = { kind: 'retry', httpStatus: null, error: (error as Error).message };
    }
    this.deps.onOutcome?.(primary.kind, result.kind);
    if (result.kind === 'ok') {
      this.sent++;
      await recordOutcome(this.deps.db, ids, { status: 'delivered', httpStatus: result.httpStatus }, now);
      if (subscription.failingSince && needsActive) await clearFailing(this.deps.db, subscription.id);
      return;
    }
    const { settings } = this.deps;
    const firstAttempt = primary.first_attempt_at ?? now;
    const retryUntil = firstAttempt.getTime() + settings.RETRY_FOR_S * 1000;
    const delay = Math.min(settings.RETRY_BASE_MS * 2 ** primary.attempts, settings.RETRY_MAX_DELAY_MS);
    // The last attempt is made when the retry time runs out, so a delivery that never succeeds
    // has failed for the whole of it (and its subscription with it).
    const retry = result.kind === 'retry' && now.getTime() < retryUntil;
    this.deps.log.warn(
      { subscription: subscription.id, delivery: ids.primary, error: result.error, retry },
      'delivery failed',
    );
    await recordOutcome(
      this.deps.db,
      ids,
      retry
        ? {
            status: 'pending',
            httpStatus: result.httpStatus,
            error: result.error,
            dueAt: new Date(Math.min(now.getTime() + delay, retryUntil)),
          }
        : { status: 'failed', httpStatus: result.httpStatus, error: result.error },
      now,
    );
    if (needsActive) await this.#failing(subscription, result.error, now);
  }

  /** Notes the failure; a subscription failing for RETRY_FOR_S is paused and its owner told. */
  async #failing(subscription: StoredSubscription, error: string, now: Date): Promise<void> {
    const noted = subscription.failingSince ? new Date(subscription.failingSince) : now;
    const since = (await markFailing(this.deps.db, subscription.id, noted)) ?? noted;
    if (now.getTime() - since.getTime() < this.deps.settings.RETRY_FOR_S * 1000) return;
    const reason = `every delivery failed since ${since.toISOString()} (last: ${error})`;
    const paused = await setStatus(this.deps.db, subscription.id, 'paused', reason, ['active']);
    if (!paused) return;
    this.deps.log.warn({ subscription: subscription.id, reason }, 'subscription paused after failing too long');
    if (paused.ownerEmail)
      await enqueueDelivery(this.deps.db, {
        subscriptionId: subscription.id,
        eventKey: `paused:${now.toISOString()}`,
        kind: 'paused',
        content: { reason },
      });
  }

  async #send(o: Outgoing): Promise<SendResult> {
    const { primary, subscription } = o;
    const { settings } = this.deps;
    if (primary.kind === 'confirmation' || primary.kind === 'paused') {
      const message =
        primary.kind === 'confirmation'
          ? confirmationMessage(subscription, linkUrl(settings.PUBLIC_URL, this.deps.linkKey, 'confirm', subscription))
          : pausedMessage(subscription, (primary.content as { reason: string }).reason);
      const to = primary.kind === 'confirmation' ? subscription.channel.address : subscription.ownerEmail;
      if (!to) return { kind: 'permanent', httpStatus: null, error: 'no address to write to' };
      return this.#mail(subscription, to, message);
    }
    const human = this.#humanMessage(o);
    if (subscription.channel.type === 'email') return this.#mail(subscription, subscription.channel.address!, human);
    const body =
      subscription.channel.format === 'slack'
        ? slackBody(human)
        : primary.kind === 'alarm'
          ? { subscriptionId: subscription.id, alarm: primary.content, test: false }
          : webhookJsonBody(subscription.id, primary.content as NoticeContent, primary.kind === 'test');
    return this.deps.webhooks.post(subscription.channel.url!, JSON.stringify(body), {
      secret: subscription.webhookSecret,
      deliveryId: Number(primary.id),
      timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
    });
  }

  #humanMessage(o: Outgoing): HumanMessage {
    const { primary } = o;
    if (primary.kind === 'alarm') return alarmMessage(primary.content as AlarmContent);
    return noticeMessage(o.subscription.name, primary.content as NoticeContent, {
      test: primary.kind === 'test',
      earlier: o.collapsed.map((r) => (r.content as NoticeContent).name),
    });
  }

  async #mail(subscription: StoredSubscription, to: string, message: HumanMessage): Promise<SendResult> {
    const unsubscribe = linkUrl(this.deps.settings.PUBLIC_URL, this.deps.linkKey, 'unsubscribe', subscription);
    try {
      await this.deps.mailer.send({
        to,
        subject: message.subject,
        text: `${message.text}\nUnsubscribe: ${unsubscribe}\n`,
        // RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to this URL.
        headers: {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'X-SVOM-Subscription': subscription.id,
        },
      });
      return { kind: 'ok', httpStatus: null };
    } catch (error) {
      const e = error as Error & { responseCode?: number };
      // An SMTP 5xx (mailbox unknown, rejected) will not change; anything else may.
      if (e.responseCode && e.responseCode >= 500) return { kind: 'permanent', httpStatus: null, error: e.message };
      return { kind: 'retry', httpStatus: null, error: e.message };
    }
  }
}

export function confirmationMessage(subscription: StoredSubscription, url: string): HumanMessage {
  return {
    subject: `Confirm your SVOM notice subscription "${subscription.name}"`,
    text: [
      `Someone (${subscription.owner}) asked the SVOM French Science Center to send notices to this address.`,
      'Nothing will be sent until you open this link:',
      '',
      url,
      '',
      'If this was not you, ignore this mail.',
      '',
    ].join('\n'),
  };
}

function pausedMessage(subscription: StoredSubscription, reason: string): HumanMessage {
  return {
    subject: `Your SVOM subscription "${subscription.name}" was paused`,
    text: [
      `Subscription ${subscription.id} (${subscription.name}) was paused: ${reason}.`,
      `Fix the endpoint, then resume it: POST /v1/subscriptions/${subscription.id}/resume`,
      '',
    ].join('\n'),
  };
}
