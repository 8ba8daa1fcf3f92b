import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureStreams, type StreamName } from '@svom/contracts';
import { natsConnectAuthOptions, type NatsAuth } from './nats-auth.js';

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
  /** User, password and CA for a NATS with accounts and TLS (deploy/nats); none in development. */
  auth?: NatsAuth;
  /** Stream retention (`STREAM_MAX_AGE_DAYS`, `NOTICES_MAX_AGE_DAYS`); 30 days each by default. */
  maxAgeDays?: number;
  noticesMaxAgeDays?: number;
}): Promise<NatsHandles> {
  const nc = await connect({
    servers: options.url.split(',').map((s) => s.trim()),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
    ...natsConnectAuthOptions(options.auth),
  });
  const jsm = await jetstreamManager(nc);
  if (options.streams?.length)
    await ensureStreams(
      jsm,
      {
        prefix: options.prefix,
        replicas: options.replicas,
        maxBytes: options.maxBytes,
        ...(options.maxAgeDays ? { maxAgeDays: options.maxAgeDays } : {}),
        ...(options.noticesMaxAgeDays ? { noticesMaxAgeDays: options.noticesMaxAgeDays } : {}),
      },
      options.streams,
    );
  return { nc, js: jetstream(nc, { timeout: 5000 }), jsm, prefix: options.prefix };
}
