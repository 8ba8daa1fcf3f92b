import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createAddressAllowlist } from './address-allowlist.js';
import { encodeFrame } from './frame-decoder.js';
import { closeGracefully, listenOn, readFrames } from './framed-socket.js';
import { silentLogger } from './logger.js';
import { ConnectionLimiter, ReasonCounts, ThrottledWarnings } from './peer-guard.js';
import { scanRootElement } from './root-element.scanner.js';
import { buildIamalive, buildNak } from './transport-message.builder.js';
import { parseTransport, peekVtpMessage } from './vtp-message.parser.js';
import {
  DEFAULT_BROKER_IVORN,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_FRAME_DEADLINE_MS,
  DEFAULT_HIGH_WATER_MARK_BYTES,
  DEFAULT_IAMALIVE_INTERVAL_MS,
  DEFAULT_IAMALIVE_TIMEOUT_MS,
  DEFAULT_MAX_SUBSCRIBERS,
  DEFAULT_MAX_SUBSCRIBERS_PER_ADDRESS,
  DEFAULT_SUBSCRIBER_FRAME_BYTES,
  DEFAULT_SUBSCRIBER_PORT,
  DEFAULT_WRITE_DEADLINE_MS,
} from './vtp-defaults.js';
import type {
  BrokerDropReason,
  BrokerFrameDropReason,
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
 *
 * Subscribers are strangers: connections are capped overall and per address, a frame from one
 * must be complete within a deadline, and whatever one sends (or whatever a handler throws on
 * it) costs at most that subscriber its connection, never the process.
 */
export class VtpBroker extends EventEmitter<VtpBrokerEvents> {
  private readonly server: Server;
  private readonly peers = new Map<number, Peer>();
  private readonly limiter: ConnectionLimiter;
  private readonly warnings: ThrottledWarnings;
  private readonly opts: Required<Omit<VtpBrokerOptions, 'host' | 'filter' | 'allowlist'>> &
    Pick<VtpBrokerOptions, 'host' | 'filter'>;
  private readonly counters = { published: 0, sent: 0, acked: 0, naked: 0, iamaliveSent: 0 };
  private readonly drops = new ReasonCounts<BrokerDropReason>();
  private readonly refusals = new ReasonCounts<BrokerDropReason>();
  private readonly framesDropped = new ReasonCounts<BrokerFrameDropReason>();
  private nextId = 1;
  private readonly corkedPeers: Peer[] = [];
  private sweepTimer: NodeJS.Timeout | undefined;
  private boundPort: number | undefined;

  constructor(options: VtpBrokerOptions = {}) {
    super();
    this.opts = {
      port: options.port ?? DEFAULT_SUBSCRIBER_PORT,
      localIvorn: options.localIvorn ?? DEFAULT_BROKER_IVORN,
      iamaliveIntervalMs: options.iamaliveIntervalMs ?? DEFAULT_IAMALIVE_INTERVAL_MS,
      iamaliveTimeoutMs: options.iamaliveTimeoutMs ?? DEFAULT_IAMALIVE_TIMEOUT_MS,
      highWaterMarkBytes: options.highWaterMarkBytes ?? DEFAULT_HIGH_WATER_MARK_BYTES,
      writeDeadlineMs: options.writeDeadlineMs ?? DEFAULT_WRITE_DEADLINE_MS,
      maxFrameBytes: options.maxFrameBytes ?? DEFAULT_SUBSCRIBER_FRAME_BYTES,
      frameDeadlineMs: options.frameDeadlineMs ?? DEFAULT_FRAME_DEADLINE_MS,
      maxConnections: options.maxConnections ?? DEFAULT_MAX_SUBSCRIBERS,
      maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_MAX_SUBSCRIBERS_PER_ADDRESS,
      closeGraceMs: options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
      logger: options.logger ?? silentLogger,
      host: options.host,
      filter: options.filter,
    };
    this.limiter = new ConnectionLimiter(createAddressAllowlist(options.allowlist ?? []), this.opts);
    this.warnings = new ThrottledWarnings(this.opts.logger);
    this.server = createServer({ noDelay: true }, (socket) => {
      try {
        this.onConnection(socket);
      } catch (error) {
        this.handlerFailed(socket, error);
      }
    });
    // Accept errors (EMFILE when file descriptors run out) are the server's, not a peer's.
    this.server.on('error', (error) => this.opts.logger.warn({ err: error }, 'VTP broker server error'));
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
    const root = scanRootElement(xml);
    const ivorn = root?.attributes['ivorn'] ?? '';
    // A relayed event keeps no DOCTYPE: entities it declares would make subscribers read another
    // text than the one checked, and the receiver refuses such events from authors anyway.
    const refused: BrokerFrameDropReason | undefined =
      root === undefined || root.localName !== 'VOEvent'
        ? 'relay-not-voevent'
        : root.doctype
          ? 'relay-doctype'
          : root.malformed !== undefined
            ? 'relay-malformed'
            : undefined;
    if (refused !== undefined) {
      this.framesDropped.add(refused);
      this.opts.logger.warn({ ivorn, reason: refused }, 'event not relayed to VTP subscribers');
      return { ivorn, deliveredTo: 0, droppedSlow: 0, refused };
    }
    const frame = encodeFrame(xml);
    const event: PublishedEvent = { ivorn, xml };
    let deliveredTo = 0;
    let droppedSlow = 0;
    let now: number | undefined;
    this.counters.published++;
    for (const peer of this.peers.values()) {
      if (!this.passes(peer, event)) continue;
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

  /** The filter's verdict; a filter that throws sends the event (a bug in it must not hide events). */
  private passes(peer: Peer, event: PublishedEvent): boolean {
    if (this.opts.filter === undefined) return true;
    try {
      return this.opts.filter(this.snapshot(peer), event);
    } catch (error) {
      this.warnings.warn('filter', peer.info.remoteAddress, { err: error, ivorn: event.ivorn }, 'VTP filter threw');
      return true;
    }
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
    return {
      subscribers: this.peers.size,
      ...this.counters,
      dropped: this.drops.total,
      refused: this.refusals.total,
      drops: { ...this.refusals.snapshot(), ...this.drops.snapshot() },
      framesDropped: this.framesDropped.snapshot(),
    };
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
    const remoteAddress = socket.remoteAddress ?? '';
    socket.on('error', (error) => this.opts.logger.debug({ err: error, remoteAddress }, 'subscriber socket error'));
    const refusal = this.limiter.admit(socket);
    if (refusal !== undefined) {
      this.refusals.add(refusal);
      this.warnings.warn(refusal, remoteAddress, { reason: refusal }, 'VTP subscriber refused');
      socket.destroy();
      this.emit('subscriberRefused', socket.remoteAddress, refusal);
      return;
    }
    const now = Date.now();
    const peer: Peer = {
      info: {
        id: this.nextId++,
        remoteAddress,
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
    readFrames(socket, {
      maxFrameBytes: this.opts.maxFrameBytes,
      frameDeadlineMs: this.opts.frameDeadlineMs,
      onFrame: ({ payload }) => this.onPayload(peer, payload),
      onDrop: (reason, error) => {
        this.warnings.warn(
          reason,
          remoteAddress,
          { err: error, subscriber: peer.info.id },
          `VTP subscriber dropped: ${reason}`,
        );
        this.drop(peer, reason);
      },
    });
    this.opts.logger.info({ subscriber: peer.info.id, remoteAddress }, 'VTP subscriber connected');
    this.emit('subscriberConnected', this.snapshot(peer));
  }

  /** A bug met while setting a connection up: that connection goes, the others stay. */
  private handlerFailed(socket: Socket, error: unknown): void {
    this.drops.add('handler-error');
    this.warnings.warn(
      'handler-error',
      socket.remoteAddress ?? '',
      { err: error },
      'VTP subscriber dropped: handler-error',
    );
    socket.destroy();
  }

  private frameDropped(peer: Peer, reason: BrokerFrameDropReason, fields: object = {}): void {
    this.framesDropped.add(reason);
    this.warnings.warn(
      reason,
      peer.info.remoteAddress,
      { subscriber: peer.info.id, reason, ...fields },
      'frame from VTP subscriber ignored',
    );
  }

  private onPayload(peer: Peer, payload: Buffer): void {
    peer.lastHeardMs = Date.now();
    peer.awaitingSinceMs = undefined;
    const xml = payload.toString('utf8');
    const head = peekVtpMessage(xml);
    if (head === undefined) {
      this.frameDropped(peer, 'unreadable', { bytes: payload.length });
      return;
    }
    if (head.malformed !== undefined) {
      this.frameDropped(peer, 'malformed', { why: head.malformed });
      return;
    }
    if (head.localName === 'VOEvent') {
      this.frameDropped(peer, 'voevent');
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
      this.warnings.warn(
        'nak',
        peer.info.remoteAddress,
        { subscriber: peer.info.id, ivorn: head.origin, reason },
        'VOEvent naked by subscriber',
      );
      this.emit('nak', this.snapshot(peer), head.origin, reason);
    } else if (head.role === 'iamalive') {
      this.emit('iamalive', this.snapshot(peer));
    }
  }

  /** Periodic check: drop subscribers stuck behind or deaf to a ping, ping silent ones. */
  private sweep(): void {
    try {
      this.sweepPeers();
    } catch (error) {
      // A timer's callback must never throw to the top: log it; the next sweep tries again.
      this.opts.logger.warn({ err: error }, 'VTP broker sweep failed');
    }
  }

  private sweepPeers(): void {
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

  private drop(peer: Peer, reason: BrokerDropReason & DisconnectReason): void {
    if (!this.peers.has(peer.info.id)) return;
    this.drops.add(reason);
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
