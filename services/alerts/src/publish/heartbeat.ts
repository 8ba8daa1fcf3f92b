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
  readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subjects: Subjects,
    private readonly periodMs: number,
    private readonly status: () => { lastNoticeAt: string | null; vtpSubscribers: number },
  ) {}

  beat(): void {
    if (this.nc.isClosed()) return;
    const message: AlertHeartbeatMessage = {
      instance: this.instance,
      sequence: this.#sequence++,
      at: new Date().toISOString(),
      ...this.status(),
    };
    this.nc.publish(this.subjects.alerts.heartbeat, JSON.stringify(message));
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
