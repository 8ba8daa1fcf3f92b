import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createAddressAllowlist } from './address-allowlist.js';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame } from './frame-decoder.js';
import { closeGracefully, listenOn, readFrames } from './framed-socket.js';
import { silentLogger } from './logger.js';
import { scanRootElement } from './root-element.scanner.js';
import { buildIamalive, buildNak } from './transport-message.builder.js';
import { parseTransport, peekVtpMessage } from './vtp-message.parser.js';
import {
  DEFAULT_BROKER_IVORN,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_HIGH_WATER_MARK_BYTES,
  DEFAULT_IAMALIVE_INTERVAL_MS,
  DEFAULT_IAMALIVE_TIMEOUT_MS,
  DEFAULT_SUBSCRIBER_PORT,
  DEFAULT_WRITE_DEADLINE_MS,
} from './vtp-defaults.js';
import type {
  DisconnectReason,
  PublishResult,
  PublishedEvent,
  SubscriberInfo,
  VtpBrokerEvents,
  VtpBrokerOptions,
  VtpBrokerStats,
} from './vtp-broker.types.js';

interface Peer {
  info: SubscriberInfo;
  socket: Socket;
  lastHeardMs: number;
  lastIamaliveSentMs: number;
  /** When the oldest unanswered iamalive was sent; undefined when none is pending. */
  awaitingSinceMs: number | undefined;
  /** Writes are being coalesced until the end of the current tick. */
  corked: boolean;
  /** Since when the socket has held more than it could pass to the kernel; undefined once drained. */
  backloggedSinceMs: number | undefined;
}

/**
 * The publishing side of VTP (VTP 2.0 §6.3): subscribers connect, every published VOEvent is
 * written to each of them, acks and naks are counted, idle peers get iamalive messages.
 *
 * Fan-out encodes the frame once and writes that one Buffer to every socket. A subscriber
 * that falls behind is dropped rather than buffered for without end, so one slow reader costs
 * the others nothing (VTP does not buffer events: §3.1): at once when its backlog reaches the
 * high-water mark, or when the backlog has not drained within the write deadline. A reader that
 * pauses and catches up is kept.
 */
export class VtpBroker extends EventEmitter<VtpBrokerEvents> {
  private readonly server: Server;
  private readonly peers = new Map<number, Peer>();
  private readonly allowed: (address: string | undefined) => boolean;
  private readonly opts: Required<Omit<VtpBrokerOptions, 'host' | 'filter' | 'allowlist'>> &
    Pick<VtpBrokerOptions, 'host' | 'filter'>;
  private readonly counters: Omit<VtpBrokerStats, 'subscribers'> = {
    published: 0,
    sent: 0,
    acked: 0,
    naked: 0,
    dropped: 0,
    refused: 0,
    iamaliveSent: 0,
  };
  private nextId = 1;
  private readonly corkedPeers: Peer[] = [];
  private sweepTimer: NodeJS.Timeout | undefined;
  private boundPort: number | undefined;

  constructor(options: VtpBrokerOptions = {}) {
    super();
    this.allowed = createAddressAllowlist(options.allowlist ?? []);
    this.opts = {
      port: options.port ?? DEFAULT_SUBSCRIBER_PORT,
      localIvorn: options.localIvorn ?? DEFAULT_BROKER_IVORN,
      iamaliveIntervalMs: options.iamaliveIntervalMs ?? DEFAULT_IAMALIVE_INTERVAL_MS,
      iamaliveTimeoutMs: options.iamaliveTimeoutMs ?? DEFAULT_IAMALIVE_TIMEOUT_MS,
      highWaterMarkBytes: options.highWaterMarkBytes ?? DEFAULT_HIGH_WATER_MARK_BYTES,
      writeDeadlineMs: options.writeDeadlineMs ?? DEFAULT_WRITE_DEADLINE_MS,
      maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      closeGraceMs: options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      logger: options.logger ?? silentLogger,
      host: options.host,
      filter: options.filter,
    };
    this.server = createServer({ noDelay: true }, (socket) => this.onConnection(socket));
  }

  /** Start accepting subscribers; resolves with the bound port. */
  async listen(): Promise<number> {
    this.boundPort = await listenOn(this.server, this.opts.port, this.opts.host);
    // A quarter of the shortest period bounds how late an iamalive or a timeout can be.
    const { iamaliveIntervalMs, iamaliveTimeoutMs, writeDeadlineMs } = this.opts;
    const tickMs = Math.max(5, Math.min(iamaliveIntervalMs, iamaliveTimeoutMs, writeDeadlineMs) / 4);
    this.sweepTimer = setInterval(() => this.sweep(), tickMs);
    this.sweepTimer.unref();
    this.opts.logger.info({ port: this.boundPort }, 'VTP broker listening');
    return this.boundPort;
  }

  /** The bound port once listening. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /**
   * Send one VOEvent to every connected subscriber (that passes `filter`), byte for byte.
   * Synchronous: the frame is queued on each socket before this returns.
   */
  publish(xml: string): PublishResult {
    const frame = encodeFrame(xml);
    const ivorn = scanRootElement(xml)?.attributes['ivorn'] ?? '';
    const event: PublishedEvent = { ivorn, xml };
    let deliveredTo = 0;
    let droppedSlow = 0;
    let now: number | undefined;
    this.counters.published++;
    for (const peer of this.peers.values()) {
      if (this.opts.filter !== undefined && !this.opts.filter(this.snapshot(peer), event)) continue;
      if (peer.socket.writableLength >= this.opts.highWaterMarkBytes) {
        // Part of that backlog may only be our own coalescing: hand it to the kernel first.
        if (peer.corked) this.uncork(peer);
        if (peer.socket.writableLength >= this.opts.highWaterMarkBytes) {
          droppedSlow++;
          this.drop(peer, 'slow');
          continue;
        }
      }
      this.cork(peer);
      if (!peer.socket.write(frame) && peer.backloggedSinceMs === undefined)
        peer.backloggedSinceMs = now ??= Date.now();
      peer.info.sent++;
      deliveredTo++;
    }
    this.counters.sent += deliveredTo;
    return { ivorn, deliveredTo, droppedSlow };
  }

  /**
   * Coalesce the writes of one tick: events published back to back (a burst from NATS) leave
   * in one writev per subscriber instead of one syscall per event per subscriber, which is
   * what bounds fan-out to hundreds of subscribers. The flush runs before any I/O callback,
   * so it adds no latency.
   */
  private cork(peer: Peer): void {
    if (peer.corked) return;
    peer.socket.cork();
    peer.corked = true;
    this.corkedPeers.push(peer);
    if (this.corkedPeers.length === 1) process.nextTick(() => this.uncorkAll());
  }

  private uncork(peer: Peer): void {
    if (!peer.corked) return;
    peer.corked = false;
    peer.socket.uncork();
  }

  private uncorkAll(): void {
    for (const peer of this.corkedPeers.splice(0)) this.uncork(peer);
  }

  /** Counters for metrics. */
  stats(): VtpBrokerStats {
    return { subscribers: this.peers.size, ...this.counters };
  }

  /** The connected subscribers. */
  subscribers(): SubscriberInfo[] {
    return [...this.peers.values()].map((p) => this.snapshot(p));
  }

  /** Stop accepting, flush and close every subscriber connection. */
  async close(): Promise<void> {
    if (this.sweepTimer !== undefined) clearInterval(this.sweepTimer);
    const sockets = [...this.peers.values()].map((p) => p.socket);
    for (const peer of [...this.peers.values()]) this.forget(peer, 'shutdown');
    await closeGracefully(this.server, sockets, this.opts.closeGraceMs);
  }

  private onConnection(socket: Socket): void {
    socket.on('error', (error) =>
      this.opts.logger.debug({ err: error, remoteAddress: socket.remoteAddress }, 'subscriber socket error'),
    );
    if (!this.allowed(socket.remoteAddress)) {
      this.counters.refused++;
      this.opts.logger.warn({ remoteAddress: socket.remoteAddress }, 'VTP subscriber refused by allowlist');
      socket.destroy();
      this.emit('subscriberRefused', socket.remoteAddress);
      return;
    }
    const now = Date.now();
    const peer: Peer = {
      info: {
        id: this.nextId++,
        remoteAddress: socket.remoteAddress ?? '',
        remotePort: socket.remotePort ?? 0,
        connectedAt: new Date(now),
        sent: 0,
        acked: 0,
        naked: 0,
        writableLength: 0,
      },
      socket,
      lastHeardMs: now,
      lastIamaliveSentMs: 0,
      awaitingSinceMs: undefined,
      corked: false,
      backloggedSinceMs: undefined,
    };
    this.peers.set(peer.info.id, peer);
    socket.on('drain', () => (peer.backloggedSinceMs = undefined));
    socket.on('close', (hadError) => this.forget(peer, hadError ? 'error' : 'closed'));
    readFrames(
      socket,
      this.opts.maxFrameBytes,
      (payload) => this.onPayload(peer, payload),
      (error) => {
        this.opts.logger.warn({ err: error, subscriber: peer.info.id }, 'oversize frame from subscriber');
        this.drop(peer, 'frame-too-large');
      },
    );
    this.opts.logger.info(
      { subscriber: peer.info.id, remoteAddress: peer.info.remoteAddress },
      'VTP subscriber connected',
    );
    this.emit('subscriberConnected', this.snapshot(peer));
  }

  private onPayload(peer: Peer, payload: Buffer): void {
    peer.lastHeardMs = Date.now();
    peer.awaitingSinceMs = undefined;
    const xml = payload.toString('utf8');
    const head = peekVtpMessage(xml);
    if (head === undefined) {
      this.opts.logger.warn({ subscriber: peer.info.id }, 'unparsable frame from subscriber ignored');
      return;
    }
    if (head.localName === 'VOEvent') {
      // Authors have their own port; tell a confused peer so rather than silently dropping.
      peer.socket.write(
        encodeFrame(
          buildNak(head.origin, 'this is a subscriber port: submit VOEvents to the author port', {
            response: this.opts.localIvorn,
          }),
        ),
      );
      return;
    }
    if (head.localName !== 'Transport') return;
    if (head.role === 'ack') {
      peer.info.acked++;
      this.counters.acked++;
      if (this.listenerCount('ack') > 0) this.emit('ack', this.snapshot(peer), head.origin);
    } else if (head.role === 'nak') {
      peer.info.naked++;
      this.counters.naked++;
      let reason = '';
      try {
        reason = parseTransport(xml).meta.result ?? '';
      } catch {
        reason = '(unparsable nak)';
      }
      this.opts.logger.warn({ subscriber: peer.info.id, ivorn: head.origin, reason }, 'VOEvent naked by subscriber');
      this.emit('nak', this.snapshot(peer), head.origin, reason);
    } else if (head.role === 'iamalive') {
      this.emit('iamalive', this.snapshot(peer));
    }
  }

  /** Periodic check: drop subscribers stuck behind or deaf to a ping, ping silent ones. */
  private sweep(): void {
    const now = Date.now();
    const { iamaliveIntervalMs, iamaliveTimeoutMs, writeDeadlineMs } = this.opts;
    let frame: Buffer | undefined;
    for (const peer of [...this.peers.values()]) {
      if (peer.backloggedSinceMs !== undefined && now - peer.backloggedSinceMs >= writeDeadlineMs) {
        this.opts.logger.warn(
          { subscriber: peer.info.id, backlogBytes: peer.socket.writableLength },
          'subscriber did not catch up within the write deadline: dropped',
        );
        this.drop(peer, 'slow');
        continue;
      }
      if (peer.awaitingSinceMs !== undefined && now - peer.awaitingSinceMs >= iamaliveTimeoutMs) {
        this.opts.logger.warn({ subscriber: peer.info.id }, 'subscriber did not answer iamalive: dropped');
        this.drop(peer, 'iamalive-timeout');
        continue;
      }
      // "Idle" means we have heard nothing from the peer: acks prove liveness while events
      // flow; a peer that stays silent is pinged at most once per interval.
      if (now - peer.lastHeardMs >= iamaliveIntervalMs && now - peer.lastIamaliveSentMs >= iamaliveIntervalMs) {
        frame ??= encodeFrame(buildIamalive(this.opts.localIvorn));
        peer.socket.write(frame);
        peer.lastIamaliveSentMs = now;
        peer.awaitingSinceMs ??= now;
        this.counters.iamaliveSent++;
      }
    }
  }

  private drop(peer: Peer, reason: DisconnectReason): void {
    if (!this.peers.has(peer.info.id)) return;
    this.counters.dropped++;
    this.forget(peer, reason);
    peer.socket.destroy();
  }

  private forget(peer: Peer, reason: DisconnectReason): void {
    if (!this.peers.delete(peer.info.id)) return;
    this.opts.logger.info({ subscriber: peer.info.id, reason }, 'VTP subscriber disconnected');
    this.emit('subscriberDisconnected', this.snapshot(peer), reason);
  }

  private snapshot(peer: Peer): SubscriberInfo {
    return { ...peer.info, writableLength: peer.socket.writableLength };
  }
}
