import type { JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import { RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { subjectsFor, token } from './subjects.js';

/**
 * The JetStream streams of the FSC: one per service that produces (DESIGN.md, Contracts), and
 * NOTICES, the copy of the notices that outside subscribers replay (docs/subscribe.md).
 */
export const STREAM_NAMES = ['VHF', 'ALERTS', 'FOLLOWUP', 'PLAN', 'NOTICES'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

export interface StreamOptions {
  prefix?: string;
  /** 1 on one machine, 3 in deploy (`NATS_REPLICAS`). */
  replicas?: number;
  /** How long JetStream keeps a message in the services' streams (`STREAM_MAX_AGE_DAYS`, 30). */
  maxAgeDays?: number;
  /**
   * The most each stream keeps, in bytes (the oldest go first): a flood on one stream (VTP authors
   * on ALERTS) then cannot fill JetStream's store and stop the others (VHF packets).
   */
  maxBytes?: number;
  /** How long NOTICES keeps a notice, the window subscribers replay within (`NOTICES_MAX_AGE_DAYS`, 30). */
  noticesMaxAgeDays?: number;
}

/** Each stream's size cap unless configured (NATS_STREAM_MAX_MB): 512 MiB. */
export const DEFAULT_STREAM_MAX_BYTES = 512 * 1024 * 1024;

/** The name a stream takes under a prefix: `VHF`, or `<prefix>_VHF`. */
export function streamName(name: StreamName, prefix = ''): string {
  return prefix ? `${token(prefix, 'prefix')}_${name}` : name;
}

/** The full configuration of each stream; the duplicate window is what makes `Nats-Msg-Id` de-duplicate. */
export function streamConfigs(
  options: StreamOptions = {},
): Record<StreamName, Partial<StreamConfig> & { name: string; subjects: string[] }> {
  const s = subjectsFor(options.prefix);
  const base = {
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    max_age: (options.maxAgeDays ?? 30) * 86_400 * 1e9,
    max_bytes: options.maxBytes ?? DEFAULT_STREAM_MAX_BYTES,
    // Retried publishes carry the same Nats-Msg-Id; within this window they are stored once.
    duplicate_window: 10 * 60 * 1e9,
  };
  return {
    VHF: { ...base, name: streamName('VHF', options.prefix), subjects: [s.vhf.all] },
    // Not the heartbeat: it says "alive now" to whoever listens and is worth nothing later, so it
    // is a core NATS message and the stream does not keep 86,400 of them a day.
    ALERTS: {
      ...base,
      name: streamName('ALERTS', options.prefix),
      subjects: [s.alerts.notices, s.alerts.voevents, `${s.root}.alerts.burst.>`],
    },
    FOLLOWUP: { ...base, name: streamName('FOLLOWUP', options.prefix), subjects: [s.followup.all] },
    PLAN: { ...base, name: streamName('PLAN', options.prefix), subjects: [s.plan.all] },
    // What the PUBLIC account may replay (deploy/nats/accounts.conf): a copy of ALERTS that holds
    // the JSON notices only. A stream of its own because the JetStream API cannot be exported by
    // filter: the services' durable consumers on ALERTS (followup, scheduler) must stay out of an
    // outside subscriber's reach, and the VOEvents and burst states are not theirs to read.
    NOTICES: {
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      num_replicas: options.replicas ?? 1,
      max_age: (options.noticesMaxAgeDays ?? 30) * 86_400 * 1e9,
      max_bytes: options.maxBytes ?? DEFAULT_STREAM_MAX_BYTES,
      name: streamName('NOTICES', options.prefix),
      subjects: [],
      // Sourced, not mirrored: a filtered mirror replicated 3 times lost notices on nats-server
      // 2.9 (one of 9 in the deploy test, the ALERTS message stored in the same millisecond as
      // another; nats-io/nats-server#4062 reports mirror counts wrong at R3, sources right). A
      // source keeps every notice in ALERTS order under NOTICES' own sequence numbers.
      sources: [{ name: streamName('ALERTS', options.prefix), filter_subject: s.alerts.notices }],
    },
  };
}

/** Creates the streams, or updates them to this configuration; safe to call at every start. */
export async function ensureStreams(
  jsm: JetStreamManager,
  options: StreamOptions = {},
  only: readonly StreamName[] = STREAM_NAMES,
): Promise<void> {
  const configs = streamConfigs(options);
  for (const name of only) {
    const config = configs[name];
    try {
      const existing = await jsm.streams.info(config.name);
      // NOTICES was a mirror before it was sourced, and a mirror cannot become anything else: it
      // is made again, and the source copies ALERTS' notices into it from the start (it holds
      // nothing ALERTS does not).
      if (name === 'NOTICES' && existing.config.mirror) {
        await jsm.streams.delete(config.name);
        await jsm.streams.add(config);
        continue;
      }
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      await jsm.streams.add(config);
    }
  }
}

function isStreamNotFound(error: unknown): boolean {
  const e = error as { code?: string | number; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '');
}
