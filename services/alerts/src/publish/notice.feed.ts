import { EventEmitter } from 'node:events';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ALERT_NOTICE_HEADERS, type Subjects } from '@svom/contracts';

/** A notice as the SSE stream sends it. */
export interface FeedNotice {
  /** Nats-Msg-Id: the notice IVORN (with `:<n>` from the second of one name). */
  msgId: string;
  burstId: string;
  name: string;
  json: string;
}

/**
 * New notices for this instance's SSE clients, whichever instance issued them: a core NATS
 * subscription of `svom.alerts.notice.>` turned into local events.
 */
export class NoticeFeed extends EventEmitter<{ notice: [FeedNotice] }> {
  #subscription: Subscription | undefined;
  lastNoticeAt: string | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
  ) {
    super();
    this.setMaxListeners(0);
  }

  start(): void {
    this.#subscription = this.nc.subscribe(this.subjects.alerts.notices, {
      callback: (error, msg) => {
        if (error) return;
        this.lastNoticeAt = new Date().toISOString();
        this.emit('notice', {
          msgId: msg.headers?.get('Nats-Msg-Id') ?? '',
          burstId: msg.headers?.get(ALERT_NOTICE_HEADERS.burstId) ?? '',
          name: msg.headers?.get(ALERT_NOTICE_HEADERS.notice) ?? '',
          json: msg.string(),
        });
      },
    });
  }

  stop(): void {
    this.#subscription?.unsubscribe();
  }
}
