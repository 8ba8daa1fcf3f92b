import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame } from './frame-decoder.js';
import { readFrames } from './framed-socket.js';
import { silentLogger } from './logger.js';
import type { VtpLogger } from './logger.js';
import { backoffDelayMs } from './reconnect-backoff.js';
import type { BackoffOptions } from './reconnect-backoff.js';
import { buildAck, buildIamaliveResponse, buildNak } from './transport-message.builder.js';
import type { TransportMessage, TransportParam, VoEventMessage } from './transport-message.types.js';
import { parseVtpMessage } from './vtp-message.parser.js';
import type { ValidationOutcome } from './vtp-receiver.js';
import {
  DEFAULT_DEAD_BROKER_INTERVALS,
  DEFAULT_FRAME_DEADLINE_MS,
  DEFAULT_IAMALIVE_INTERVAL_MS,
  DEFAULT_SUBSCRIBER_IVORN,
} from './vtp-defaults.js';

/** Options of {@link VtpSubscriber}. */
export interface VtpSubscriberOptions {
  host: string;
  port: number;
  /** Our identity, the Response of acks and iamalive responses. */
  localIvorn?: string;
  /** Params added to iamalive responses (the note's example sends `IPAddr`, `Contact`). */
  params?: readonly TransportParam[];
  /** The broker's iamalive period (default 60 s, Comet's and GCN's). */
  iamaliveIntervalMs?: number;
  /** Declare the broker dead after this many periods without any byte (default 2.5). */
  deadBrokerIntervals?: number;
  backoff?: BackoffOptions;
  /** Give up a connection attempt after this long (default 10 s). */
  connectTimeoutMs?: number;
  maxFrameBytes?: number;
  /** Optional check of each VOEvent; an invalid one is naked instead of acked. */
  validate?: (xml: string) => ValidationOutcome | Promise<ValidationOutcome>;
  logger?: VtpLogger;
}

/** Counters of a subscriber. */
export interface VtpSubscriberStats {
  received: number;
  acked: number;
  naked: number;
  iamalive: number;
  connects: number;
}

/** Events of {@link VtpSubscriber}. */
export interface VtpSubscriberEvents {
  connected: [info: { host: string; port: number }];
  disconnected: [info: { reason: string }];
  /** A retry is scheduled after a failed attempt or a lost connection. */
  reconnecting: [info: { attempt: number; delayMs: number }];
  voevent: [event: VoEventMessage];
  iamalive: [message: TransportMessage];
  /** A payload we could not read (logged, the connection is kept). */
  protocolError: [error: Error];
}

/**
 * A VTP subscriber client (VTP 2.0 §6.4) for any broker (ours, Comet, GCN Classic): acks each
 * VOEvent, answers each iamalive, and keeps itself connected: jittered exponential back-off
 * between attempts, and a dead-broker timer that cuts a connection silent for longer than
 * `deadBrokerIntervals` iamalive periods (a half-open TCP connection otherwise looks healthy
 * forever).
 */
export class VtpSubscriber extends EventEmitter<VtpSubscriberEvents> {
  private readonly opts: VtpSubscriberOptions &
    Required<
      Pick<
        VtpSubscriberOptions,
        'localIvorn' | 'iamaliveIntervalMs' | 'deadBrokerIntervals' | 'connectTimeoutMs' | 'maxFrameBytes' | 'logger'
      >
    >;
  private readonly counters: VtpSubscriberStats = { received: 0, acked: 0, naked: 0, iamalive: 0, connects: 0 };
  private socket: Socket | undefined;
  private connected = false;
  private stopped = true;
  private attempt = 0;
  private dropReason: string | undefined;
  private lastHeardMs = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private deadTimer: NodeJS.Timeout | undefined;

  constructor(options: VtpSubscriberOptions) {
    super();
    this.opts = {
      ...options,
      localIvorn: options.localIvorn ?? DEFAULT_SUBSCRIBER_IVORN,
      iamaliveIntervalMs: options.iamaliveIntervalMs ?? DEFAULT_IAMALIVE_INTERVAL_MS,
      deadBrokerIntervals: options.deadBrokerIntervals ?? DEFAULT_DEAD_BROKER_INTERVALS,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      logger: options.logger ?? silentLogger,
    };
  }

  /** Start connecting (and reconnecting until `close()`). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connectOnce();
  }

  /** Whether a connection to the broker is currently open. */
  get isConnected(): boolean {
    return this.connected;
  }

  stats(): VtpSubscriberStats {
    return { ...this.counters };
  }

  /** Stop reconnecting and close the connection. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket === undefined || socket.closed) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    this.dropReason = 'closed by us';
    socket.destroy();
    await closed;
  }

  private connectOnce(): void {
    try {
      this.connectSocket();
    } catch (error) {
      // connect() throws on a bad option (a port out of range): retried like any failure,
      // never thrown out of the timer that called us.
      this.opts.logger.warn({ err: error }, 'VTP broker connection could not be attempted');
      this.connected = false;
      if (!this.stopped) this.scheduleRetry();
    }
  }

  private connectSocket(): void {
    const { host, port } = this.opts;
    const socket = connect({ host, port, noDelay: true });
    this.socket = socket;
    this.dropReason = undefined;
    const connectTimer = setTimeout(() => this.cut(socket, 'connect timeout'), this.opts.connectTimeoutMs);
    socket.on('error', (error) => {
      this.dropReason ??= error.message;
    });
    socket.on('connect', () => {
      clearTimeout(connectTimer);
      this.connected = true;
      this.counters.connects++;
      this.lastHeardMs = Date.now();
      this.startDeadTimer(socket);
      this.opts.logger.info({ host, port }, 'connected to VTP broker');
      this.emit('connected', { host, port });
    });
    socket.on('data', () => {
      this.lastHeardMs = Date.now();
    });
    readFrames(socket, {
      maxFrameBytes: this.opts.maxFrameBytes,
      frameDeadlineMs: DEFAULT_FRAME_DEADLINE_MS,
      onFrame: ({ payload }) => this.onPayload(socket, payload),
      onDrop: (reason, error) => {
        this.dropReason = `${reason}: ${(error as Error)?.message ?? String(error)}`;
        this.opts.logger.warn({ err: error, host, port, reason }, 'VTP broker connection cut');
      },
    });
    socket.on('close', () => {
      clearTimeout(connectTimer);
      clearInterval(this.deadTimer);
      const wasConnected = this.connected;
      this.connected = false;
      const reason = this.dropReason ?? 'closed by broker';
      if (wasConnected) {
        this.opts.logger.warn({ host, port, reason }, 'disconnected from VTP broker');
        this.emit('disconnected', { reason });
      }
      if (!this.stopped) this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    const delayMs = backoffDelayMs(this.attempt, this.opts.backoff);
    this.attempt++;
    this.emit('reconnecting', { attempt: this.attempt, delayMs });
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.connectOnce();
    }, delayMs);
  }

  private startDeadTimer(socket: Socket): void {
    const deadAfterMs = this.opts.iamaliveIntervalMs * this.opts.deadBrokerIntervals;
    this.deadTimer = setInterval(
      () => {
        if (Date.now() - this.lastHeardMs >= deadAfterMs)
          this.cut(socket, `no traffic for ${deadAfterMs} ms: broker presumed dead`);
      },
      Math.max(5, deadAfterMs / 4),
    );
    this.deadTimer.unref();
  }

  private cut(socket: Socket, reason: string): void {
    this.dropReason = reason;
    socket.destroy();
  }

  private onPayload(socket: Socket, payload: Buffer): void {
    let message;
    try {
      message = parseVtpMessage(payload);
    } catch (error) {
      this.opts.logger.warn({ err: error }, 'unreadable frame from VTP broker');
      this.emit('protocolError', error as Error);
      return;
    }
    // A broker that talks to us is serving us: the next failure starts back-off afresh.
    this.attempt = 0;
    if (message.kind === 'voevent') {
      this.counters.received++;
      if (this.opts.validate === undefined) this.receipt(socket, message, undefined);
      else void this.validateThenReceipt(socket, message);
      return;
    }
    if (message.role === 'iamalive') {
      this.counters.iamalive++;
      const response = buildIamaliveResponse(message, {
        response: this.opts.localIvorn,
        ...(this.opts.params !== undefined && { params: this.opts.params }),
      });
      socket.write(encodeFrame(response));
      this.emit('iamalive', message);
    }
  }

  private async validateThenReceipt(socket: Socket, event: VoEventMessage): Promise<void> {
    let reason: string | undefined;
    try {
      const outcome = await this.opts.validate?.(event.xml);
      if (outcome !== undefined && !outcome.valid) {
        const first = (outcome.errors ?? []).map((e) => (typeof e === 'string' ? e : e.message))[0];
        reason = `VOEvent fails validation${first !== undefined ? `: ${first}` : ''}`;
      }
    } catch (error) {
      reason = `VOEvent could not be validated: ${(error as Error).message}`;
    }
    this.receipt(socket, event, reason);
  }

  /** Ack (or nak with `nakReason`), then hand the event to listeners. */
  private receipt(socket: Socket, event: VoEventMessage, nakReason: string | undefined): void {
    const response = this.opts.localIvorn;
    if (nakReason === undefined) {
      socket.write(encodeFrame(buildAck(event.ivorn, { response })));
      this.counters.acked++;
    } else {
      socket.write(encodeFrame(buildNak(event.ivorn, nakReason, { response })));
      this.counters.naked++;
      return;
    }
    try {
      this.emit('voevent', event);
    } catch (error) {
      // A listener's bug must not kill the connection: the event was received and acked.
      this.opts.logger.warn({ err: error, ivorn: event.ivorn }, 'voevent listener threw');
    }
  }
}
