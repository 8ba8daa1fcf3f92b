import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAM_NAMES, streamName } from './streams.js';

export const testNatsUrl = process.env.TEST_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A connection to the machine's real NATS and a random prefix, so this suite's streams are its own. */
export async function connectTestNats(): Promise<{
  nc: NatsConnection;
  prefix: string;
  url: string;
  cleanup(): Promise<void>;
}> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: testNatsUrl, timeout: 3000 });
  } catch (error) {
    throw new Error(`NATS is not reachable at ${testNatsUrl}: start nats-server with JetStream (see README, .ci/run)`, {
      cause: error,
    });
  }
  const prefix = `t${randomBytes(4).toString('hex')}`;
  return {
    nc,
    prefix,
    url: testNatsUrl,
    async cleanup() {
      if (nc.isClosed()) nc = await connect({ servers: testNatsUrl });
      const jsm = await jetstreamManager(nc);
      for (const name of STREAM_NAMES) await jsm.streams.delete(streamName(name, prefix)).catch(() => false);
      await nc.drain();
    },
  };
}
