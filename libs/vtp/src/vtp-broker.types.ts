import type { VtpLogger } from './logger.js';
import type { RefusalReason } from './peer-guard.js';

/** Public shapes of `VtpBroker`: options, per-subscriber view, stats and events. */

/** Options of `VtpBroker`. */
export interface VtpBrokerOptions {
  /** Interface to bind; defaults to all (the allowlist decides who gets in). */
  host?: string;
  /** TCP port for subscribers; default 8099, 0 for an ephemeral port. */
  port?: number;
  /** IPs/CIDRs allowed to subscribe; empty (the default) means loopback only. */
  allowlist?: readonly string[];
  /** Our IVOID, the Origin of our iamalive messages. */
  localIvorn?: string;
  /** Send an iamalive once a subscriber has been silent this long (default 60 s). */
  iamaliveIntervalMs?: number;
  /** Drop a subscriber that has not answered an iamalive within this time (default 30 s). */
  iamaliveTimeoutMs?: number;
  /** Drop a subscriber at once when its unsent backlog (`socket.writableLength`) reaches this (default 16 MiB). */
  highWaterMarkBytes?: number;
  /** Drop a subscriber whose backlog has not drained (no socket `drain`) for this long (default 10 s). */
  writeDeadlineMs?: number;
  /** Largest frame accepted from a subscriber (default 64 KiB: it sends acks and naks). */
  maxFrameBytes?: number;
  /** A frame begun by a subscriber must be complete within this time (default 10 s). */
  frameDeadlineMs?: number;
  /** Subscribers at once (default 1024); more are refused. */
  maxConnections?: number;
  /** Subscribers from one address or IPv6 /64 (default 32). */
  maxConnectionsPerAddress?: number;
  /** Per-subscriber selection; an event goes to a subscriber only if this returns true. */
  filter?: (subscriber: SubscriberInfo, event: PublishedEvent) => boolean;
  /** How long `close()` waits for queued data to flush before cutting sockets (default 2 s). */
  closeGraceMs?: number;
  logger?: VtpLogger;
}

/** One connected subscriber, as seen in events and `subscribers()`. */
export interface SubscriberInfo {
  id: number;
  remoteAddress: string;
  remotePort: number;
  connectedAt: Date;
  sent: number;
  acked: number;
  naked: number;
  /** Bytes queued in user space, not yet handed to the kernel. */
  writableLength: number;
}

/** An event as passed to `filter`. */
export interface PublishedEvent {
  ivorn: string;
  xml: string;
}

/** What `publish` did. */
export interface PublishResult {
  ivorn: string;
  /** Subscribers the frame was written to. */
  deliveredTo: number;
  /** Subscribers dropped during this publish because their backlog was over the high-water mark. */
  droppedSlow: number;
  /** Why the event was sent to nobody: it has a DOCTYPE, is not a VOEvent, or is malformed. */
  refused?: BrokerFrameDropReason;
}

/** Why a subscriber left. `closed` and `error` are the peer's doing, `shutdown` ours; the others are drops. */
export type DisconnectReason =
  | 'closed'
  | 'error'
  | 'slow'
  | 'iamalive-timeout'
  | 'frame-too-large'
  | 'frame-deadline'
  | 'handler-error'
  | 'shutdown';

/** Subscribers dropped or refused, by reason. */
export type BrokerDropReason = Exclude<DisconnectReason, 'closed' | 'error' | 'shutdown'> | RefusalReason;

/**
 * Frames not acted on, by reason: from subscribers (`unreadable`: no XML element; `malformed`:
 * a bad character reference; `voevent`: an event sent to the subscriber port, naked), or events
 * given to `publish` and not relayed (`relay-doctype`, `relay-not-voevent`, `relay-malformed`).
 */
export type BrokerFrameDropReason =
  | 'unreadable'
  | 'malformed'
  | 'voevent'
  | 'relay-doctype'
  | 'relay-not-voevent'
  | 'relay-malformed';

/** Counters for metrics; totals since the broker started. */
export interface VtpBrokerStats {
  subscribers: number;
  published: number;
  /** Frames of VOEvents written, summed over subscribers. */
  sent: number;
  acked: number;
  naked: number;
  /** Subscribers dropped by us (slow, silent, oversize frame, deadline, handler error). */
  dropped: number;
  /** Connections refused (allowlist, caps). */
  refused: number;
  iamaliveSent: number;
  /** Subscribers dropped or refused, by reason. */
  drops: Partial<Record<BrokerDropReason, number>>;
  /** Frames and events not acted on, by reason. */
  framesDropped: Partial<Record<BrokerFrameDropReason, number>>;
}

/** Events of `VtpBroker`. */
export interface VtpBrokerEvents {
  subscriberConnected: [subscriber: SubscriberInfo];
  subscriberDisconnected: [subscriber: SubscriberInfo, reason: DisconnectReason];
  subscriberRefused: [remoteAddress: string | undefined, reason: RefusalReason];
  ack: [subscriber: SubscriberInfo, ivorn: string];
  nak: [subscriber: SubscriberInfo, ivorn: string, reason: string];
  iamalive: [subscriber: SubscriberInfo];
}
