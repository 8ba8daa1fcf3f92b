import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureStreams, type StreamName } from '@svom/contracts';

export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
}

/**
 * Connects to NATS for good: reconnects forever (a service outlives a NATS restart) and makes sure
 * the streams it publishes to exist.
 */
export async function connectNats(options: {
  url: string;
  prefix: string;
  replicas: number;
  /** Each stream's size cap in bytes (NATS_STREAM_MAX_MB); the contracts' default when omitted. */
  maxBytes?: number | undefined;
  name: string;
  streams?: readonly StreamName[];
}): Promise<NatsHandles> {
  const nc = await connect({
    servers: options.url.split(',').map((s) => s.trim()),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
  });
  const jsm = await jetstreamManager(nc);
  if (options.streams?.length)
    await ensureStreams(
      jsm,
      { prefix: options.prefix, replicas: options.replicas, maxBytes: options.maxBytes },
      options.streams,
    );
  return { nc, js: jetstream(nc, { timeout: 5000 }), jsm, prefix: options.prefix };
}
