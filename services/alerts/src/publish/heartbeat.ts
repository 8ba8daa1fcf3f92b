import { hostname } from 'node:os';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AlertHeartbeatMessage, Subjects } from '@svom/contracts';

/**
 * `svom.alerts.heartbeat` every period: a core NATS publish, outside the ALERTS stream, so
 * a subscriber hearing nothing for a few periods knows the stream, not the sky, is silent.
 */
export class Heartbeat {
  #timer: NodeJS.Timeout | undefined;
  #sequence = 0;
  /** Beats that could not be sent (NATS draining or away): counted, logged once a run. */
  failed = 0;
  #failing = false;
  readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly periodMs: number,
    private readonly status: () => { lastNoticeAt: string | null; vtpSubscribers: number },
    private readonly log?: { warn(o: unknown, msg: string): void },
  ) {}

  beat(): void {
    if (this.nc.isClosed()) return;
    const message: AlertHeartbeatMessage = {
      instance: this.instance,
      sequence: this.#sequence++,
      at: new Date().toISOString(),
      ...this.status(),
    };
    // A timer callback: nothing may escape it to the process's top (issue 16).
    try {
      this.nc.publish(this.subjects.alerts.heartbeat, JSON.stringify(message));
      this.#failing = false;
    } catch (error) {
      this.failed++;
      if (!this.#failing) this.log?.warn({ err: error }, 'heartbeat not sent; retrying every period');
      this.#failing = true;
    }
  }

  start(): void {
    this.beat();
    this.#timer ??= setInterval(() => this.beat(), this.periodMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
