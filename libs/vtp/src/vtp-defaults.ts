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
