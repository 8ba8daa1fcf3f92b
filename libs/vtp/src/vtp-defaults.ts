/**
 * Defaults shared by the broker, the receiver and the subscriber, with the reason for each.
 */

/** Subscriber port of the FSC; Comet's default too. */
export const DEFAULT_SUBSCRIBER_PORT = 8099;

/** Author port of the FSC; Comet's default too. */
export const DEFAULT_AUTHOR_PORT = 8098;

/**
 * 60 s: Comet's and GCN's period, inside the note's "no more than 90 s" (§4), and short
 * enough to keep NAT and firewall state alive.
 */
export const DEFAULT_IAMALIVE_INTERVAL_MS = 60_000;

/** A live subscriber answers an iamalive within milliseconds; 30 s tolerates a busy one. */
export const DEFAULT_IAMALIVE_TIMEOUT_MS = 30_000;

/**
 * 16 MiB of unsent data (thousands of typical VOEvents on top of what the kernel buffers) drops
 * a subscriber at once. The frames are shared between subscribers, so this bounds memory, not
 * memory per subscriber. It was 1 MiB: a healthy subscriber that lost the CPU for 50 ms while
 * an author poured 6,000 events/s in was dropped; lateness is what the write deadline judges.
 */
export const DEFAULT_HIGH_WATER_MARK_BYTES = 16 * 1_048_576;

/**
 * A subscriber whose backlog has not drained for 10 s is dropped: nats-server's write deadline
 * for slow consumers is of the same order. A reader that pauses and catches up is kept.
 */
export const DEFAULT_WRITE_DEADLINE_MS = 10_000;

/** Time `close()` gives queued data to flush before it cuts the sockets. */
export const DEFAULT_CLOSE_GRACE_MS = 2_000;

/** Our IVOID as a broker (Origin of iamalive). */
export const DEFAULT_BROKER_IVORN = 'ivo://org.svom/fsc#vtp-broker';

/** Our IVOID as a subscriber (Response of acks and iamalive responses). */
export const DEFAULT_SUBSCRIBER_IVORN = 'ivo://org.svom/fsc#vtp-subscriber';

/** A subscriber declares its broker dead after this many iamalive intervals of silence. */
export const DEFAULT_DEAD_BROKER_INTERVALS = 2.5;

/** Authors that keep a connection open but send nothing are closed after this long. */
export const DEFAULT_AUTHOR_IDLE_TIMEOUT_MS = 120_000;

/**
 * A frame begun must be complete within 10 s, or the peer is cut: a real VOEvent (2-10 kB, at
 * most a few hundred) crosses any link in well under a second, while a peer dribbling a byte
 * at a time would otherwise hold its buffer and its connection slot until the idle timer.
 */
export const DEFAULT_FRAME_DEADLINE_MS = 10_000;

/** Subscribers at once on the broker port; each costs a socket and its share of the fan-out. */
export const DEFAULT_MAX_SUBSCRIBERS = 1024;

/**
 * Subscribers from one address (or one IPv6 /64): an institute behind one NAT runs a few, and
 * one host cannot take every slot.
 */
export const DEFAULT_MAX_SUBSCRIBERS_PER_ADDRESS = 32;

/** Author connections at once: each may hold a partial event (≤ the event cap) in memory. */
export const DEFAULT_MAX_AUTHOR_CONNECTIONS = 256;

/** Author connections from one address (or IPv6 /64); one-shot authors rarely have many in flight. */
export const DEFAULT_MAX_AUTHOR_CONNECTIONS_PER_ADDRESS = 32;

/**
 * Largest VOEvent the receiver accepts: 256 KiB, 25 times the largest real notice, and well
 * below NATS' default `max_payload` (1 MiB) less its headers, so an accepted event can always be
 * published. A bigger one is naked, by its ivorn, without being held in memory.
 */
export const DEFAULT_MAX_EVENT_BYTES = 262_144;

/** Largest frame read from a subscriber: it only sends acks, naks and iamalive responses (< 1 kB). */
export const DEFAULT_SUBSCRIBER_FRAME_BYTES = 65_536;

/**
 * Events one author address may submit per second, sustained, with a burst of
 * {@link DEFAULT_AUTHOR_BURST}: SVOM's authors send a handful per burst. Past it, the author's
 * connections are not read until its bucket refills (TCP slows it down); it is never naked, a
 * nak being final (§5.3).
 */
export const DEFAULT_AUTHOR_RATE_PER_S = 100;

/** Events an author may send at once before its rate applies (a backlog flushed after an outage). */
export const DEFAULT_AUTHOR_BURST = 1000;

/**
 * Bytes of authors' events received and not yet answered, over all connections: past it, no
 * connection is read until answers free some. Bounds memory whatever the number of authors.
 */
export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1_048_576;

/** Events of one author connection in flight (checked and stored at once, answered in order). */
export const DEFAULT_AUTHOR_PIPELINE_DEPTH = 64;

/**
 * Longest ivorn accepted from an author. Real ones are under 100 characters; every subscriber's
 * ack echoes it, and the broker reads at most 64 KiB from a subscriber.
 */
export const MAX_IVORN_CHARS = 2048;
