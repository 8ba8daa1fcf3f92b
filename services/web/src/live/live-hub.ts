import { EventEmitter } from 'node:events';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Subjects } from '@svom/contracts';

/** What the browser is told, by name: it then re-reads what it shows from the APIs. */
export type LiveEventName = 'burst' | 'station' | 'plan' | 'followup';

export interface LiveEvent {
  event: LiveEventName;
  /** The message as published (small JSON: a burst's state, a station's health, ...). */
  data: unknown;
}

/**
 * Listens to the FSC's subjects with plain core subscriptions (no durable consumer: a dashboard
 * that missed something re-reads the REST APIs on reconnect) and fans each message out to every
 * open event stream.
 */
export class LiveHub extends EventEmitter<{ live: [LiveEvent] }> {
  private readonly subscriptions: Subscription[] = [];

  constructor() {
    super();
    // One listener per open browser tab.
    this.setMaxListeners(0);
  }

  start(nc: NatsConnection, subjects: Subjects): void {
    const routes: Array<[string, LiveEventName]> = [
      [subjects.alerts.bursts, 'burst'],
      [subjects.vhf.stations, 'station'],
      [subjects.plan.all, 'plan'],
      [subjects.followup.all, 'followup'],
    ];
    for (const [subject, event] of routes) {
      this.subscriptions.push(
        nc.subscribe(subject, {
          callback: (error, message) => {
            if (error) return;
            let data: unknown;
            try {
              data = message.json();
            } catch {
              return; // not JSON: nothing a browser could use
            }
            this.emit('live', { event, data });
          },
        }),
      );
    }
  }

  stop(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    this.removeAllListeners();
  }
}
